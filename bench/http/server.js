'use strict';
// One server process: `node http/server.js <config> <express|fastify>`, listens on
// 127.0.0.1:$PORT, prints READY; on SIGTERM flushes and prints `SPANS <n>` and `RSS <bytes>`.
require('reflect-metadata');
const { allConfigs } = require('./configs');
const { fetchPgConfigs } = require('../fetch-pg/configs');

const [name, platform = 'express'] = process.argv.slice(2);
const config = [...allConfigs, ...fetchPgConfigs].find((c) => c.name === name);
if (!config) throw new Error(`unknown config ${name}`);
const hooks = config.setup(); // before Nest is required: instrumentations patch on require

async function main() {
  const { NestFactory } = require('@nestjs/core');
  const { buildAppModule } = config.app === 'fetch-pg' ? require('../fetch-pg/app') : require('./app');
  const adapter =
    platform === 'fastify'
      ? new (require('@nestjs/platform-fastify').FastifyAdapter)()
      : new (require('@nestjs/platform-express').ExpressAdapter)();
  const app = await NestFactory.create(buildAppModule(hooks), adapter, { logger: ['error', 'warn'] });
  await app.listen(Number(process.env.PORT), '127.0.0.1');
  // Node closes a keep-alive connection idle for 5 s; under callgrind on a loaded machine a pause
  // can last that long, and the client's next request on it then fails with ECONNRESET.
  app.getHttpServer().keepAliveTimeout = 120_000;
  if (hooks.afterListen) hooks.afterListen(app.getHttpServer());
  if (config.app === 'fetch-pg') {
    // Under callgrind a request with I/O can wait long for a slowed event loop; a server timeout
    // would then reset the load generator's keep-alive socket and end the count.
    Object.assign(app.getHttpServer(), { keepAliveTimeout: 0, headersTimeout: 0, requestTimeout: 0 });
  }
  if (process.env.BENCH_RSS_SAMPLES) {
    // One RSS sample a second for the memory part (bench/memory/run.js).
    setInterval(() => process.stdout.write(`RSS_SAMPLE ${process.memoryUsage().rss}\n`), 1000).unref();
  }
  // CPU time per request does not depend on how much of the 2 cores the load generator takes.
  let cpuMark = process.cpuUsage();
  let cpuMarked = false;
  process.on('SIGUSR2', () => {
    cpuMark = process.cpuUsage();
    cpuMarked = true;
  });
  process.stdout.write('READY\n');
  process.on('SIGTERM', async () => {
    const cpu = process.cpuUsage(cpuMarked ? cpuMark : undefined);
    process.stdout.write(`CPU ${cpu.user + cpu.system}\n`);
    if (hooks.flush) await hooks.flush();
    await app.close();
    const spans = hooks.spans ? hooks.spans() : '-';
    process.stdout.write(`SPANS ${spans}\nRSS ${process.memoryUsage().rss}\n`);
    process.exit(0);
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
