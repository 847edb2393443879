/**
 * Jest transform for @opentelemetry/otlp-exporter-base and @electric-sql/pglite only. They load
 * Node built-ins (`http`, `fs/promises`, `zlib`...) with `import()`, which jest's CommonJS
 * runtime refuses unless node runs with --experimental-vm-modules ("A dynamic import callback
 * was invoked without ..."), so the OTLP exporter could not send and PGlite could not start
 * under jest. `import('http')` and `Promise.resolve(process.getBuiltinModule('http'))` give the
 * same module (not `require`: PGlite declares a `var require` of its own in the same function);
 * nothing else is changed.
 */
const { createHash } = require('node:crypto');
const { readFileSync } = require('node:fs');
const { builtinModules } = require('node:module');

/** Jest caches by source unless told: a change to this file must be seen. */
const SELF = readFileSync(__filename, 'utf8');

const DYNAMIC_IMPORT = /\bimport\((['"])([\w/:]+)\1\)/g;

module.exports = {
  getCacheKey(source, path) {
    return createHash('sha256').update(SELF).update(path).update(source).digest('hex');
  },
  process(source) {
    const code = source.replace(DYNAMIC_IMPORT, (call, quote, name) =>
      builtinModules.includes(name.replace(/^node:/, '')) ? `Promise.resolve(process.getBuiltinModule(${quote}${name}${quote}))` : call,
    );
    return { code };
  },
};
