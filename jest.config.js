// Unit tests sit beside the code; e2e tests boot the real app against real
// PostgreSQL and Redis, each file in its own database and Redis prefix.
const { availableParallelism } = require('node:os');
const { swcOptions } = require('./scripts/swc-options.cjs');

const shared = {
  rootDir: __dirname,
  testEnvironment: 'node',
  // Decorator metadata is only recorded once reflect-metadata is loaded.
  setupFiles: ['reflect-metadata'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { ...swcOptions(), swcrc: false }],
    // otplib's crypto dependencies ship as ES modules only; jest on Node 20 needs them as CommonJS.
    '^.+/node_modules/(@noble|@scure|@otplib|otplib|auto-bind)/.+\\.m?js$': [
      '@swc/jest',
      { ...swcOptions({ paths: false }), swcrc: false },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!(@noble|@scure|@otplib|otplib|auto-bind)/)'],
  // Relative imports written with .js (as node16 resolution wants for import()) load the .ts source.
  moduleNameMapper: {
    '^@fpn/([a-z-]+)$': '<rootDir>/libs/$1/src',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/.data/'],
};

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 60_000,
  // Two files at a time even on two cores: an e2e file spends much of its time waiting on
  // PostgreSQL, Redis and its child processes (997 s of tests with one worker, 629 s with two).
  maxWorkers: Math.min(4, Math.max(2, availableParallelism())),
  projects: [
    // bench/: only the unit tests of the benchmarks' helpers; the benchmarks never run here.
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,bench}/**/*.spec.ts'] },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/global-setup.ts',
      globalTeardown: '<rootDir>/test/global-teardown.ts',
      slowTestThreshold: 30,
    },
  ],
};
