'use strict';
// One microservice server process (`node <part>/server.js <config>`): the config's hooks are set
// up before Nest is loaded (instrumentations patch on require), the app listens on
// 127.0.0.1:$PORT and prints READY; on SIGTERM it flushes and prints `SPANS <n>`.
require('reflect-metadata');

function runMicroserviceServer(configs, loadApp) {
  const [name] = process.argv.slice(2);
  const config = configs.find((c) => c.name === name);
  if (!config) throw new Error(`unknown config ${name}`);
  const hooks = config.setup();

  async function main() {
    const { NestFactory } = require('@nestjs/core');
    const { buildAppModule, serverOptions } = loadApp();
    const app = await NestFactory.createMicroservice(buildAppModule(hooks), { ...serverOptions(Number(process.env.PORT)), logger: ['error', 'warn'] });
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
}

/**
 * The floor of a microservice part: the SDK registered and one `context.with` around the
 * controller's `charge` handler per call, where ours starts its span, and no spans.
 */
function controllerFloor(floorConfig, unit) {
  return floorConfig(unit, (enterFloor) => ({
    decorateController: (PaymentsController) => enterFloorAround(PaymentsController, 'charge', enterFloor),
  }));
}

/** Runs `Class.prototype[method]` inside `enterFloor`, its Nest metadata kept. */
function enterFloorAround(Class, method, enterFloor) {
  const original = Class.prototype[method];
  const entered = function (first, ...rest) {
    return enterFloor(first, () => original.call(this, first, ...rest));
  };
  for (const key of Reflect.getOwnMetadataKeys(original)) Reflect.defineMetadata(key, Reflect.getOwnMetadata(key, original), entered);
  Class.prototype[method] = entered;
}

module.exports = { runMicroserviceServer, controllerFloor, enterFloorAround };
