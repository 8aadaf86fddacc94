import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { withLoopDelayP99 } from './latency';
import { carriesGraphqlErrors, loadGraphqlPaced } from './paced-load';
import { progress, sleep } from './progress';

/** What autocannon measured: requests per second and latency percentiles (ms). */
export interface HttpLoadResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  max: number;
  requests: number;
  /** Transport errors, non-2xx answers and GraphQL errors in a 2xx answer. */
  errors: number;
  connections: number;
  durationSeconds: number;
  /**
   * The load generator's own event-loop delay, p99 in ms: how long a response
   * could wait in it before autocannon saw it (its latencies include that).
   */
  loadLoopDelayP99: number;
}

/**
 * autocannon against /graphql: POSTs `body()` (a fresh body per request when
 * it varies) with `connections` connections for `durationSeconds`. Answers
 * carrying GraphQL errors count as errors.
 */
export async function loadGraphql(options: {
  url: string;
  token?: string;
  body: () => string;
  connections: number;
  durationSeconds: number;
  /** Requests a second over all connections (autocannon's `overallRate`); unset: as fast as answered. */
  rate?: number;
}): Promise<HttpLoadResult> {
  let graphqlErrors = 0;
  const [result, loadLoopDelayP99] = await withLoopDelayP99(() =>
    autocannon({
      url: `${options.url}/graphql`,
      connections: options.connections,
      duration: options.durationSeconds,
      ...(options.rate ? { overallRate: options.rate } : {}),
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      },
      requests: [
        {
          setupRequest: (request) => ({ ...request, body: options.body() }),
          onResponse: (_status, body) => {
            if (carriesGraphqlErrors(body)) graphqlErrors += 1;
          },
        },
      ],
    }),
  );
  return {
    loadLoopDelayP99,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    requests: result.requests.total,
    errors: result.errors + result.non2xx + graphqlErrors,
    connections: options.connections,
    durationSeconds: result.duration,
  };
}

/** How a run offers its requests: `rate` a second evenly spaced (open loop) or as autocannon's per-second quota. */
export interface Pace {
  rate: number;
  even: boolean;
}

/** `loadGraphql` at `pace` (evenly spaced: `loadGraphqlPaced`); unset: as fast as answered. */
export function loadGraphqlAt(
  load: Omit<Parameters<typeof loadGraphql>[0], 'rate'>,
  pace?: Pace,
): Promise<HttpLoadResult> {
  return pace?.even
    ? loadGraphqlPaced({ ...load, rate: pace.rate })
    : loadGraphql({ ...load, rate: pace?.rate });
}

/** The cheapest operation Apollo serves on the same server: `{ __typename }`, no auth. */
export async function trivialQueryBaseline(
  url: string,
  durationSeconds: number,
  connections = 10,
  /**
   * Requests a second offered, evenly spaced (open loop) or as autocannon's
   * per-second quota; unset: as fast as answered.
   */
  pace?: Pace,
): Promise<HttpLoadResult> {
  const paced = pace
    ? `, ${pace.rate} a second${pace.even ? ' evenly spaced' : ' (autocannon)'}`
    : '';
  progress(`baseline: { __typename }, ${connections} connections, ${durationSeconds} s${paced}`);
  const body = JSON.stringify({ query: '{ __typename }' });
  const result = await loadGraphqlAt({ url, body: () => body, connections, durationSeconds }, pace);
  progress(
    `baseline: { __typename }${paced} ${Math.round(result.requestsPerSecond)} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms`,
  );
  return result;
}

export interface BullmqBaselineResult {
  jobsPerSecond: number;
  jobs: number;
  concurrency: number;
  durationSeconds: number;
}

/**
 * Raw BullMQ on the same Redis: jobs added one by one (64 adds in flight, the
 * options a fan-out job has) and processed by a no-op worker with the
 * worker's concurrency, for `durationSeconds`. Jobs per second processed.
 */
export async function bullmqBaseline(options: {
  redisUrl: string;
  prefix: string;
  durationSeconds: number;
  concurrency: number;
}): Promise<BullmqBaselineResult> {
  progress(
    `baseline: raw BullMQ add + process (concurrency ${options.concurrency}), ${options.durationSeconds} s`,
  );
  const connection = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  const workerConnection = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  const prefix = `${options.prefix}:baseline`;
  const queue = new Queue('baseline', { connection, prefix });
  let processed = 0;
  const worker = new Worker(
    'baseline',
    async () => {
      processed += 1;
    },
    { connection: workerConnection, prefix, concurrency: options.concurrency },
  );
  await worker.waitUntilReady();
  const started = performance.now();
  const deadline = started + options.durationSeconds * 1000;
  let added = 0;
  await Promise.all(
    Array.from({ length: 64 }, async () => {
      while (performance.now() < deadline) {
        await queue.add(
          'fan-out',
          { messageId: randomUUID() },
          {
            jobId: `message-${randomUUID()}`,
            attempts: 10,
            backoff: { type: 'exponential', delay: 1000 },
            removeOnComplete: true,
            removeOnFail: true,
          },
        );
        added += 1;
      }
    }),
  );
  while (processed < added && performance.now() < deadline + 30_000) await sleep(10);
  const seconds = (performance.now() - started) / 1000;
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  connection.disconnect();
  workerConnection.disconnect();
  const jobsPerSecond = processed / seconds;
  progress(`baseline: raw BullMQ ${Math.round(jobsPerSecond)} jobs/s (${processed} jobs)`);
  return {
    jobsPerSecond,
    jobs: processed,
    concurrency: options.concurrency,
    durationSeconds: seconds,
  };
}
