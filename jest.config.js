/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  // The OpenTelemetry API keeps its globals on globalThis; they are ours to clean up, per test file.
  testEnvironmentOptions: { globalsCleanup: 'off' },
  roots: ['<rootDir>/lib', '<rootDir>/test', '<rootDir>/sample-app'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }],
    // import() of Node built-ins needs --experimental-vm-modules under jest; see the file.
    '/node_modules/@opentelemetry/otlp-exporter-base/.+\\.js$': '<rootDir>/test/support/dynamic-import.transform.js',
    '/node_modules/@electric-sql/pglite/dist/.+\\.cjs$': '<rootDir>/test/support/dynamic-import.transform.js',
  },
  transformIgnorePatterns: ['/node_modules/(?!@opentelemetry/otlp-exporter-base/|@electric-sql/pglite/)'],
  moduleNameMapper: {
    '^nestjs-tracing$': '<rootDir>/lib/index.ts',
    '^nestjs-tracing/testing$': '<rootDir>/lib/testing/index.ts',
  },
  testTimeout: 20000,
};
