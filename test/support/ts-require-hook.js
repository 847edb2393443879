'use strict';
// Lets a child process of a test run the TypeScript sources as they are (no build step): each
// .ts file is transpiled on require with the project's compiler settings, types unchecked
// (`npm test` type-checks them). For tests that need a real Node process of their own, e.g. one
// where OpenTelemetry's require hooks can patch `http`, which they cannot inside jest.
const fs = require('node:fs');
const ts = require('typescript');

const compilerOptions = {
  module: ts.ModuleKind.CommonJS,
  target: ts.ScriptTarget.ES2022,
  experimentalDecorators: true,
  emitDecoratorMetadata: true,
  esModuleInterop: true,
  useDefineForClassFields: false,
};

require.extensions['.ts'] = (module, filename) => {
  const { outputText } = ts.transpileModule(fs.readFileSync(filename, 'utf8'), { compilerOptions, fileName: filename });
  module._compile(outputText, filename);
};
