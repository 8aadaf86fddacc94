import { command, lazyRun } from '../cli-command';

/**
 * Fills a development or benchmark database with synthetic focal points
 * (`npm run seed:synthetic -- --count 10000`). Idempotent: the same seed gives
 * the same entries with the same ids, so a second run writes nothing.
 * Refused in production, where the roster is real people.
 */
export const seedSyntheticCommand = command<{ count?: string; seed?: string; batch: string }>({
  name: 'seed:synthetic',
  summary: 'add synthetic focal points across every state and network (tests, benchmarks)',
  define: (cmd) =>
    cmd
      .option('--count <n>', 'how many focal points (default 10000)')
      .option('--seed <text>', 'another seed gives other people')
      .option('--batch <n>', 'entries per transaction', '500'),
  run: lazyRun(() => import('./seed-synthetic.run.js')),
});
