'use strict';
// A request that writes one log line inside its @Traced method, with each logger, with and
// without the trace ids on the line. `ours` (no line) is the reference for the logger's cost.
const { CountingExporter } = require('../lib/counting-exporter');
const { applyToMethod } = require('../lib/decorators');
const { library } = require('../lib/paths');

const SPAN_NAME = 'UsersService.getUser';

/** Nest's ConsoleLogger in its text form (to stdout), or pino to /dev/null, with or without ids. */
function loggerFor(kind, correlated) {
  if (kind === 'nest') {
    const { ConsoleLogger } = require('@nestjs/common');
    const logger = new ConsoleLogger('UsersService', { colors: false });
    return (id) => logger.log(`user ${id} read`);
  }
  const pino = require('pino');
  const options = correlated ? library().pinoTracing() : {};
  const logger = pino(options, pino.destination({ dest: '/dev/null', sync: true }));
  return (id) => logger.info({ userId: id }, 'user read');
}

function withLogLine(kind, correlated) {
  return () => {
    const { TracingModule, Traced, SpanAttribute } = library();
    const exporter = new CountingExporter();
    const logs = { correlation: correlated };
    return {
      imports: [TracingModule.forRoot({ serviceName: 'bench', exporter, spanProcessor: 'batch', sampler: { ratio: 1 }, logs })],
      decorateService(UsersService) {
        const log = loggerFor(kind, correlated);
        const getUser = UsersService.prototype.getUser;
        UsersService.prototype.getUser = function (id) {
          log(id);
          return getUser.call(this, id);
        };
        applyToMethod(UsersService, 'getUser', [Traced(SPAN_NAME)], [[0, SpanAttribute('user.id')]]);
      },
      spans: () => exporter.exported,
    };
  };
}

const logConfigs = [
  { name: 'ours-log-nest-plain', label: "nestjs-tracing + one Nest Logger line, no ids (logs.correlation: false)", ours: true, setup: withLogLine('nest', false) },
  { name: 'ours-log-nest', label: 'nestjs-tracing + one Nest Logger line with ids (default)', ours: true, setup: withLogLine('nest', true) },
  { name: 'ours-log-pino-plain', label: 'nestjs-tracing + one pino line, no ids', ours: true, setup: withLogLine('pino', false) },
  { name: 'ours-log-pino', label: 'nestjs-tracing + one pino line with ids (pinoTracing())', ours: true, setup: withLogLine('pino', true) },
];

module.exports = { logConfigs };
