import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadGraphqlPaced } from './paced-load';

/** A local server answering POST /graphql with `answer(requestNumber)` after `delayMs(requestNumber)`. */
async function server(
  answer: (n: number) => string,
  delayMs: (n: number) => number = () => 0,
): Promise<{ url: string; requests: () => number; close: () => Promise<void> }> {
  let count = 0;
  const srv = http.createServer((req, res) => {
    const n = count++;
    req.resume();
    req.on('end', () =>
      setTimeout(() => {
        res.setHeader('content-type', 'application/json');
        res.end(answer(n));
      }, delayMs(n)),
    );
  });
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(srv.address() as AddressInfo).port}`,
    requests: () => count,
    close: () => new Promise((resolve) => srv.close(() => resolve())),
  };
}

const ok = () => '{"data":{"__typename":"Query"}}';
const body = () => JSON.stringify({ query: '{ __typename }' });

/** Runs the paced load against `target`, then closes it. */
async function pacedAgainst(
  target: Awaited<ReturnType<typeof server>>,
  options: { connections: number; durationSeconds: number; rate: number; warmupSeconds: number },
) {
  try {
    return await loadGraphqlPaced({ url: target.url, body, ...options });
  } finally {
    await target.close();
  }
}

describe('evenly paced open-loop load', () => {
  it('sends the rate asked for, warm-up first and not counted', async () => {
    const target = await server(ok);
    const result = await pacedAgainst(target, {
      connections: 4,
      durationSeconds: 1,
      rate: 200,
      warmupSeconds: 0.5,
    });
    expect(result.requests).toBe(200);
    expect(target.requests()).toBe(300);
    expect(result.errors).toBe(0);
    expect(result.requestsPerSecond).toBeGreaterThan(180);
    expect(result.requestsPerSecond).toBeLessThan(220);
    expect(result.p99).toBeLessThan(100);
  });

  it('counts time spent waiting behind a slow answer from each request’s due time', async () => {
    // One connection; the first measured request takes 300 ms, so the ~30 due behind it wait.
    const target = await server(ok, (n) => (n === 10 ? 300 : 0));
    const result = await pacedAgainst(target, {
      connections: 1,
      durationSeconds: 1,
      rate: 100,
      warmupSeconds: 0.1,
    });
    expect(result.requests).toBe(100);
    // A closed loop would have recorded one slow request; here every request due while it
    // was answered is late by what remained of the 300 ms.
    expect(result.max).toBeGreaterThanOrEqual(290);
    expect(result.p99).toBeGreaterThanOrEqual(250);
  });

  it('counts answers carrying GraphQL errors as errors', async () => {
    const target = await server((n) =>
      n % 2 === 0 ? ok() : '{"errors":[{"message":"no","extensions":{"code":"FORBIDDEN"}}]}',
    );
    const result = await pacedAgainst(target, {
      connections: 2,
      durationSeconds: 0.5,
      rate: 100,
      warmupSeconds: 0,
    });
    expect(result.requests).toBe(50);
    expect(target.requests()).toBe(50);
    expect(result.errors).toBe(25);
  });
});
