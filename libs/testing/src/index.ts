export * from './graphql-client';
export * from './test-app';
export * from './test-clock';
export * from './test-database';
export * from './test-infrastructure';
export * from './wait';
