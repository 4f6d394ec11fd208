// Vite: dev server proxies /api to the platform; the build goes to dist/, which the server
// serves at / (with .gz/.br beside each asset: @fastify/static's preCompressed option sends them).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const gzip = promisify(zlib.gzip);
const brotli = promisify(zlib.brotliCompress);

/** Writes precompressed copies of text assets, so the server need not compress on each request. */
function precompress(): Plugin {
  let outDir = 'dist';
  return {
    name: 'xietong-precompress',
    apply: 'build',
    configResolved(c) {
      outDir = path.resolve(c.root, c.build.outDir);
    },
    async closeBundle() {
      const walk = async (dir: string): Promise<string[]> => {
        const out: string[] = [];
        for (const e of await fs.readdir(dir, { withFileTypes: true })) {
          const p = path.join(dir, e.name);
          if (e.isDirectory()) out.push(...(await walk(p)));
          else out.push(p);
        }
        return out;
      };
      const files = (await walk(outDir)).filter((f) => /\.(js|mjs|css|html|svg|json)$/.test(f));
      await Promise.all(
        files.map(async (f) => {
          const buf = await fs.readFile(f);
          if (buf.length < 1024) return;
          await fs.writeFile(`${f}.gz`, await gzip(buf, { level: 9 }));
          await fs.writeFile(`${f}.br`, await brotli(buf));
        }),
      );
    },
  };
}

export default defineConfig({
  plugins: [react(), precompress()],
  server: {
    port: 5173,
    // changeOrigin stays false: the server's Origin check compares Origin with Host.
    proxy: { '/api': { target: process.env.XIETONG_API ?? 'http://127.0.0.1:3000' } },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
});
