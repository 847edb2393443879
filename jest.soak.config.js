/**
 * `npm run test:soak`: the long versions of the outage, shutdown and fuzz tests (minutes, not
 * seconds), kept out of `npm test`. Same transforms and aliases as jest.config.js.
 * @type {import('jest').Config}
 */
const base = require('./jest.config');

module.exports = {
  ...base,
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.soak-spec.ts'],
  testTimeout: 15 * 60 * 1000,
  maxWorkers: 1,
};
