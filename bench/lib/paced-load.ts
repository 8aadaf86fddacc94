import { Pool } from 'undici';
import type { HttpLoadResult } from './baselines';
import { LatencyRecorder, withLoopDelayP99 } from './latency';
import { runOpenLoop, sendsInStep } from './open-loop';

/** Whether a GraphQL answer's body carries errors (answers with errors count as failed). */
export const carriesGraphqlErrors = (body: string) =>
  body.startsWith('{"errors"') || body.includes('"errors":[');

/**
 * Evenly paced open-loop POSTs to /graphql: request number i is due at
 * i / rate seconds from the start, whatever became of the earlier ones, over
 * at most `connections` keep-alive connections (undici's Pool; a request due
 * while all are busy waits for one). Each latency runs from the request's
 * due time to its whole answer, so time spent waiting — for a connection, or
 * for the load generator itself — counts (no coordinated omission).
 *
 * autocannon's `overallRate` is not this: each connection sends its share of
 * a second's requests as fast as they are answered from the start of every
 * second and then waits for the next, so "1,000 a second" is a burst at
 * saturation followed by silence.
 */
export async function loadGraphqlPaced(options: {
  url: string;
  token?: string;
  body: () => string;
  connections: number;
  durationSeconds: number;
  rate: number;
  /** Seconds at the same rate before the measured ones, not counted (default 2). */
  warmupSeconds?: number;
}): Promise<HttpLoadResult> {
  const pool = new Pool(options.url, { connections: options.connections, pipelining: 1 });
  const headers = {
    'content-type': 'application/json',
    ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
  };
  /** One open-loop phase of `seconds`; resolves when every request in it is answered. */
  const phase = async (seconds: number) => {
    const latencies = new LatencyRecorder();
    const total = sendsInStep(options.rate, seconds * 1000);
    let answered = 0;
    let errors = 0;
    let lastAnswerAt = 0;
    let allAnswered: () => void = () => undefined;
    const finished = new Promise<void>((resolve) => (allAnswered = resolve));
    const settle = (dueAt: number, ok: boolean) => {
      lastAnswerAt = performance.now();
      if (ok) latencies.recordMs(lastAnswerAt - dueAt);
      else errors += 1;
      answered += 1;
      if (answered === total) allAnswered();
    };
    const { startedAt } = await runOpenLoop(
      total,
      options.rate,
      (_index, dueAt) => {
        pool
          .request({ path: '/graphql', method: 'POST', headers, body: options.body() })
          .then(async ({ statusCode, body }) => {
            const text = await body.text();
            const ok = statusCode >= 200 && statusCode < 300 && !carriesGraphqlErrors(text);
            settle(dueAt, ok);
          })
          .catch(() => settle(dueAt, false));
      },
      1,
    );
    await finished;
    return { answered, errors, seconds: (lastAnswerAt - startedAt) / 1000, latencies };
  };
  // The load generator's own first second (connections opened, its code compiled) is not the
  // server's latency: a short phase at the same rate first, not counted.
  const warmupSeconds = options.warmupSeconds ?? 2;
  if (warmupSeconds > 0) await phase(warmupSeconds);
  const [{ answered, errors, seconds, latencies }, loadLoopDelayP99] = await withLoopDelayP99(() =>
    phase(options.durationSeconds),
  );
  await pool.close();
  const summary = latencies.summary();
  return {
    requestsPerSecond: answered / seconds,
    p50: summary.p50,
    p99: summary.p99,
    max: summary.max,
    requests: answered,
    errors,
    connections: options.connections,
    durationSeconds: seconds,
    loadLoopDelayP99,
  };
}
