/**
 * `xietong gateway` (前置机) and `xietong webhook-receiver` (the reference receiver):
 * the exchange API's command-line side (issue 16, docs/exchange.md). Neither touches the
 * database: they talk to the platform over HTTP with the system's API key and SM2 key.
 *
 *   xietong gateway --platform https://xt.example --api-key-file key.txt --key-file sm2.pem \
 *     --state ./gw-state --drop ./outbox-dir [--out ./inbox-dir] [--http 8701]
 *   xietong webhook-receiver --platform-key platform.pem --key-file sm2.pem --port 8702 [--out dir]
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { createLocalSigner } from '@xietong/core/ledger';
import { startReferenceReceiver } from '@xietong/server/exchange/reference-receiver';
import { startGateway } from './gateway/gateway';

function readText(file: string, what: string): string {
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    throw new Error(`无法读取${what} / cannot read ${what}: ${file}`);
  }
}

function onSignals(stop: () => Promise<void>): void {
  const bye = () => void stop().then(() => process.exit(0), () => process.exit(1));
  process.once('SIGINT', bye);
  process.once('SIGTERM', bye);
}

export function registerGatewayCommands(program: Command): void {
  program.command('gateway')
    .description('前置机：在本机构业务系统与平台之间中转流程操作与消息 relay between the agency system and the platform')
    .requiredOption('--platform <url>', '平台地址 platform base URL')
    .requiredOption('--api-key-file <file>', 'API 密钥文件 file holding the system API key')
    .requiredOption('--key-file <file>', '本系统 SM2 私钥（PKCS#8 PEM） the system SM2 private key')
    .requiredOption('--state <dir>', '本地持久队列目录 durable queue directory')
    .option('--drop <dir>', '投递目录：业务系统放入的 JSON 文件 drop directory of flow actions')
    .option('--out <dir>', '接收目录：平台发来的消息写入此处 directory for messages from the platform')
    .option('--http <port>', '本地 HTTP 接口端口（POST /flows, GET /status） local HTTP port')
    .option('--concurrency <n>', '同时推送的案件数 cases pushed at once', '8')
    .action(async (o: { platform: string; apiKeyFile: string; keyFile: string; state: string; drop?: string; out?: string; http?: string; concurrency: string }) => {
      const gw = await startGateway({
        platform: { baseUrl: o.platform.replace(/\/$/, ''), apiKey: readText(o.apiKeyFile, 'API 密钥'), signer: createLocalSigner(readText(o.keyFile, 'SM2 私钥')) },
        stateDir: path.resolve(o.state),
        ...(o.drop ? { dropDir: path.resolve(o.drop) } : {}),
        ...(o.out ? { outDir: path.resolve(o.out) } : {}),
        ...(o.http ? { httpPort: Number(o.http) } : {}),
        concurrency: Number(o.concurrency) || 8,
        log: (m) => console.error(m),
      });
      const s = gw.status();
      console.log(`前置机已启动 gateway running: ${s.taken} taken, ${s.waiting} waiting${gw.url ? `, ${gw.url}/flows` : ''}`);
      onSignals(() => gw.stop());
    });

  program.command('webhook-receiver')
    .description('参考 webhook 接收端：验签、验时间戳、出具签名回执 reference webhook receiver')
    .requiredOption('--platform-key <file>', '平台公钥 PEM（GET /api/exchange/schemas 的 platformKey） platform public key')
    .requiredOption('--key-file <file>', '本系统 SM2 私钥 the receiving system SM2 private key')
    .option('--port <port>', '端口 port', '8702')
    .option('--host <host>', '地址 host', '127.0.0.1')
    .option('--out <dir>', '收到的消息写入此目录 write received messages here')
    .action(async (o: { platformKey: string; keyFile: string; port: string; host: string; out?: string }) => {
      if (o.out) fs.mkdirSync(o.out, { recursive: true });
      const r = await startReferenceReceiver({
        platformPublicKeyPem: readText(o.platformKey, '平台公钥'), signer: createLocalSigner(readText(o.keyFile, 'SM2 私钥')),
        port: Number(o.port), host: o.host,
        onMessage: (m) => {
          if (o.out) fs.writeFileSync(path.join(o.out, `${m.messageId.padStart(12, '0')}.json`), JSON.stringify(m, null, 2));
          console.log(`${m.messageId} ${m.process}/${m.action} case ${m.case.id}`);
        },
      });
      console.log(`webhook receiver listening on ${r.url}`);
      onSignals(() => r.close());
    });
}
