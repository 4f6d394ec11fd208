import { login, startBenchServer } from './common';
import { externalUrl, dropExternal } from './external-db';
const url = (await externalUrl('xt_me_probe'))!;
const server = await startBenchServer(url);
const cookie = await login(server.base, 'cy-police-handler');
const N = Number(process.env.N ?? 4000);
async function run(n: number) {
  let i = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: 8 }, async () => { while (i++ < n) await (await fetch(`${server.base}/api/me`, { headers: { cookie } })).arrayBuffer(); }));
  return n / ((performance.now() - t0) / 1000);
}
await run(1000);
console.log('me/s', (await run(N)).toFixed(0));
await server.stop();
await dropExternal(url);
