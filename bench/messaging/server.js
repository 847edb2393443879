'use strict';
// One TCP microservice process: `node messaging/server.js <config>`, Nest's TCP transport on
// 127.0.0.1:$PORT; prints READY; on SIGTERM flushes and prints `SPANS <n>`.
require('reflect-metadata');
const { configs } = require('./configs');

const [name] = process.argv.slice(2);
const config = configs.find((c) => c.name === name);
if (!config) throw new Error(`unknown config ${name}`);
const hooks = config.setup();

async function main() {
  const { NestFactory } = require('@nestjs/core');
  const { buildAppModule, tcpOptions } = require('./app');
  const app = await NestFactory.createMicroservice(buildAppModule(hooks), { ...tcpOptions(Number(process.env.PORT)), logger: ['error', 'warn'] });
  await app.listen();
  process.stdout.write('READY\n');
  process.on('SIGTERM', async () => {
    if (hooks.flush) await hooks.flush();
    await app.close();
    const spans = hooks.spans ? hooks.spans() : '-';
    process.stdout.write(`SPANS ${spans}\n`);
    process.exit(0);
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
