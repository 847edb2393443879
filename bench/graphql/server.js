'use strict';
// One GraphQL server process: `node graphql/server.js <config>`, Express, listens on
// 127.0.0.1:$PORT, prints READY; on SIGTERM flushes and prints `SPANS <n>`.
require('reflect-metadata');
const { configs } = require('./configs');

const [name] = process.argv.slice(2);
const config = configs.find((c) => c.name === name);
if (!config) throw new Error(`unknown config ${name}`);
const hooks = config.setup(); // before Nest is required: instrumentations patch on require

async function main() {
  const { NestFactory } = require('@nestjs/core');
  const { ExpressAdapter } = require('@nestjs/platform-express');
  const { buildGraphqlModule } = require('./app');
  const app = await NestFactory.create(buildGraphqlModule(hooks), new ExpressAdapter(), { logger: ['error', 'warn'] });
  await app.listen(Number(process.env.PORT), '127.0.0.1');
  // Under callgrind a pause can outlast Node's 5 s keep-alive: the client's socket would reset.
  app.getHttpServer().keepAliveTimeout = 120_000;
  if (hooks.afterListen) hooks.afterListen(app.getHttpServer());
  process.stdout.write('READY\n');
  process.on('SIGTERM', async () => {
    if (hooks.flush) await hooks.flush();
    await app.close();
    process.stdout.write(`SPANS ${hooks.spans ? hooks.spans() : '-'}\nRSS ${process.memoryUsage().rss}\n`);
    process.exit(0);
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
