import { startTestInfrastructure } from './test-infrastructure';

/**
 * Runs the test run's PostgreSQL and Redis in a process of its own: jest's
 * global setup starts it, reads one JSON line, and ends it in teardown. If
 * jest dies, the IPC channel closes and the servers stop with it.
 */
async function main() {
  const stop = await startTestInfrastructure(process.env);
  let stopping = false;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    void stop().finally(() => process.exit(0));
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
  process.on('disconnect', shutdown);
  process.send?.({ ready: true, infrastructure: process.env.FPN_TEST_INFRASTRUCTURE });
}

main().catch((error: Error) => {
  process.send?.({ ready: false, error: error.message });
  process.exit(1);
});
