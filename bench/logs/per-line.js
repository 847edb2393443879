'use strict';
// The cost of one log line, and of its trace ids, without an HTTP server. `node
// bench/logs/per-line.js` runs each kind under callgrind with 20 000 lines and with none and
// prints the difference per line; `... <nest|nest-ids|pino|pino-ids> <lines>` is one such run
// (lines inside an active span, output to /dev/null). Booting a Nest app under valgrind takes
// too long on a loaded machine; this does not.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { DIST } = require('../lib/paths');

function writeLines(kind, lines) {
  const { context, ROOT_CONTEXT, trace } = require('@opentelemetry/api');
  const { AsyncLocalStorageContextManager } = require('@opentelemetry/context-async-hooks');
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  let log;
  if (kind.startsWith('nest')) {
    if (kind === 'nest-ids') require(path.join(DIST, 'lib/logs/console-logger-hooks')).hookConsoleLogger();
    const { ConsoleLogger } = require('@nestjs/common');
    const logger = new ConsoleLogger('UsersService', { colors: false });
    log = (i) => logger.log(`user ${i} read`);
  } else {
    const pino = require('pino');
    const options = kind === 'pino-ids' ? require(path.join(DIST, 'lib/logs/pino-tracing')).pinoTracing() : {};
    const logger = pino(options, pino.destination({ dest: '/dev/null', sync: true }));
    log = (i) => logger.info({ userId: i }, 'user read');
  }
  const span = trace.wrapSpanContext({ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: 1 });
  context.with(trace.setSpan(ROOT_CONTEXT, span), () => {
    for (let i = 0; i < lines; i++) log(i);
  });
}

function instructions(kind, lines, directory) {
  const out = path.join(directory, `${kind}-${lines}.out`);
  execFileSync('valgrind', ['-q', '--tool=callgrind', '--separate-threads=yes', `--callgrind-out-file=${out}`, process.execPath, __filename, kind, String(lines)], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const main = fs.readdirSync(directory).find((name) => name.startsWith(path.basename(out)) && name.endsWith('-01'));
  return Number(/^summary: (\d+)/m.exec(fs.readFileSync(path.join(directory, main), 'utf8'))[1]);
}

/** Instructions per line for each kind, from a run with `lines` lines and one with none. */
function runPerLine(lines = 20000) {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'nestjs-tracing-log-lines-'));
  try {
    const perLine = {};
    for (const kind of ['nest', 'nest-ids', 'pino', 'pino-ids']) {
      perLine[kind] = (instructions(kind, lines, directory) - instructions(kind, 0, directory)) / lines;
    }
    return perLine;
  } finally {
    fs.rmSync(directory, { recursive: true, force: true });
  }
}

if (require.main === module) {
  if (process.argv[2]) writeLines(process.argv[2], Number(process.argv[3]));
  // Without arguments: every kind under callgrind (about 8 runs; bench/.dist must be built).
  else for (const [kind, count] of Object.entries(runPerLine())) console.log(`${kind}: ${(count / 1000).toFixed(1)} k instructions/line`);
}

module.exports = { runPerLine, writeLines };
