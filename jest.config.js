/**
 * Three projects: `unit` (pure code, no Java, seconds), `integration` (one DynamoDB Local for the run,
 * fake upstreams, the official SDKs) and `infra` (synthesized templates, cdk-nag).
 * `npm test` runs all three; `npm run test:unit` only the first.
 */
const shared = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.(t|j)sx?$': ['@swc/jest'],
  },
  // @middy/core ships ESM only: let swc turn it into CommonJS for jest.
  transformIgnorePatterns: ['/node_modules/(?!@middy/)'],
  setupFilesAfterEnv: ['aws-cdk-lib/testhelpers/jest-autoclean'],
};

module.exports = {
  testTimeout: 30000,
  projects: [
    { ...shared, displayName: 'unit', roots: ['<rootDir>/test/unit'], testMatch: ['**/*.test.ts'] },
    {
      ...shared,
      displayName: 'integration',
      roots: ['<rootDir>/test/integration'],
      testMatch: ['**/*.test.ts'],
      // One in-memory DynamoDB Local for the project's files; it starts only when one of them runs.
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
    { ...shared, displayName: 'infra', roots: ['<rootDir>/test/infra'], testMatch: ['**/*.test.ts'] },
  ],
};
