'use strict';
// One gRPC server process: `node grpc/server.js <config>`, a Nest microservice on
// 127.0.0.1:$PORT; prints READY; on SIGTERM flushes and prints `SPANS <n>`.
require('reflect-metadata');
const { configs } = require('./configs');

const [name] = process.argv.slice(2);
const config = configs.find((c) => c.name === name);
if (!config) throw new Error(`unknown config ${name}`);
const hooks = config.setup(); // before Nest is required: instrumentations patch on require

async function main() {
  const { NestFactory } = require('@nestjs/core');
  const { buildAppModule, grpcOptions } = require('./app');
  const app = await NestFactory.createMicroservice(buildAppModule(hooks), { ...grpcOptions(Number(process.env.PORT)), logger: ['error', 'warn'] });
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
