/**
 * Lets a child `node` process load the project's TypeScript as it is (`node -r
 * ./test/support/require-typescript.js app.ts`): each .ts file is transpiled on load (no type
 * check), and `nestjs-tracing` resolves to lib/, as under jest. For tests that need a real
 * process (signals, exit), without a build step.
 */
const Module = require('node:module');
const path = require('node:path');
const fs = require('node:fs');
const os = require('node:os');
const crypto = require('node:crypto');

/** Transpiled files, by content hash: the second child process of a run loads in a fraction of the time. */
const CACHE_DIR = path.join(os.tmpdir(), 'nestjs-tracing-require-typescript');
let ts;

const root = path.resolve(__dirname, '../..');
const ALIASES = {
  'nestjs-tracing': path.join(root, 'lib/index.ts'),
  'nestjs-tracing/testing': path.join(root, 'lib/testing/index.ts'),
};
const compilerOptions = () => ({
  module: ts.ModuleKind.CommonJS,
  target: ts.ScriptTarget.ES2022,
  experimentalDecorators: true,
  emitDecoratorMetadata: true,
  esModuleInterop: true,
  useDefineForClassFields: false,
});

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return resolveFilename.call(this, ALIASES[request] ?? request, ...rest);
};
function transpile(source, filename) {
  const key = crypto.createHash('sha1').update(filename).update('\0').update(source).digest('hex');
  const cached = path.join(CACHE_DIR, `${key}.js`);
  if (fs.existsSync(cached)) return fs.readFileSync(cached, 'utf8');
  ts ??= require('typescript');
  const { outputText } = ts.transpileModule(source, { compilerOptions: compilerOptions(), fileName: filename });
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  fs.writeFileSync(`${cached}.${process.pid}`, outputText);
  fs.renameSync(`${cached}.${process.pid}`, cached);
  return outputText;
}

require.extensions['.ts'] = (module, filename) => {
  module._compile(transpile(fs.readFileSync(filename, 'utf8'), filename), filename);
};
