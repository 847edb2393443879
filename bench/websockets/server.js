'use strict';
// One gateway server process: `node websockets/server.js <config> <socket.io|ws>`, on
// 127.0.0.1:$PORT; prints READY, counts CPU from SIGUSR2, and on SIGTERM prints `CPU <µs>` and `SPANS <n>`.
require('reflect-metadata');
const { configs } = require('./configs');

const [name, platform = 'socket.io'] = process.argv.slice(2);
const config = configs.find((c) => c.name === name);
if (!config) throw new Error(`unknown config ${name}`);
const hooks = config.setup();

async function main() {
  const { NestFactory } = require('@nestjs/core');
  const { buildAppModule, platformAdapter } = require('./app');
  const app = await NestFactory.create(buildAppModule(hooks, platform), { logger: ['error', 'warn'] });
  app.useWebSocketAdapter(platformAdapter(platform, app));
  await app.listen(Number(process.env.PORT), '127.0.0.1');
  let cpuMark = process.cpuUsage();
  process.on('SIGUSR2', () => {
    cpuMark = process.cpuUsage();
  });
  process.stdout.write('READY\n');
  process.on('SIGTERM', async () => {
    const cpu = process.cpuUsage(cpuMark);
    process.stdout.write(`CPU ${cpu.user + cpu.system}\n`);
    if (hooks.flush) await hooks.flush();
    await app.close();
    process.stdout.write(`SPANS ${hooks.spans ? hooks.spans() : '-'}\n`);
    process.exit(0);
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
