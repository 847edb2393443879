/**
 * Jest transform for @opentelemetry/otlp-exporter-base only. That package loads `http` and
 * `https` with `import()`, which jest's CommonJS runtime refuses unless node runs with
 * --experimental-vm-modules ("A dynamic import callback was invoked without ..."), so the OTLP
 * exporter could not send anything under jest. In CommonJS, `import('http')` and
 * `Promise.resolve(require('http'))` give the same module; nothing else is changed.
 */
const DYNAMIC_BUILTIN_IMPORT = /\bimport\((['"])(https?)\1\)/g;

module.exports = {
  process(source) {
    return { code: source.replace(DYNAMIC_BUILTIN_IMPORT, 'Promise.resolve(require($1$2$1))') };
  },
};
