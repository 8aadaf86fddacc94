import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PinoLogger } from 'nestjs-pino';
import pino from 'pino';
import { REDACTED_PATHS } from './logging.module';
import { requestLogging } from './request-logging';

interface Line {
  level: number;
  msg: string;
  service?: string;
  req?: { id: string; method: string; url: string };
  res?: { statusCode: number };
  responseTime?: number;
  [key: string]: unknown;
}

describe('the request log', () => {
  const written: string[] = [];
  const root = pino(
    {
      level: 'info',
      base: { service: 'api' },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    },
    { write: (line: string) => written.push(line) },
  );
  // nestjs-pino's logger, as Nest's `Logger` calls it inside a request.
  const nestLogger = new PinoLogger({ pinoHttp: { logger: root } });
  const middleware = requestLogging(root);
  let server: Server;
  let url: string;
  let seenIds: unknown[];

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    seenIds.push((req as { id?: unknown }).id);
    if (req.url === '/fails') {
      res.statusCode = 500;
      res.end('no');
    } else if (req.url === '/hangs') {
      res.write('partial');
    } else {
      if (req.url === '/graphql') {
        nestLogger.warn({ token: 'tok-secret', detail: 7 }, 'inside the request');
      }
      res.end('ok');
    }
  };

  beforeAll(async () => {
    server = createServer((req, res) => middleware(req, res, () => handler(req, res)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    written.length = 0;
    seenIds = [];
  });

  const lines = (): Line[] => written.map((line) => JSON.parse(line) as Line);
  const settled = async (count: number) => {
    for (let i = 0; i < 100 && written.length < count; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return lines();
  };

  it('gives every line of a request its id, and ends it with one line', async () => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'x-request-id': 'ministry-call-0042' },
      body: '{}',
    });
    expect(response.headers.get('x-request-id')).toBe('ministry-call-0042');
    expect(seenIds).toEqual(['ministry-call-0042']);
    const [inside, completed] = await settled(2);
    expect(inside).toMatchObject({
      msg: 'inside the request',
      service: 'api',
      detail: 7,
      token: '[redacted]',
      req: { id: 'ministry-call-0042', method: 'POST', url: '/graphql' },
    });
    expect(completed).toMatchObject({
      level: 30,
      msg: 'request completed',
      req: { id: 'ministry-call-0042', method: 'POST', url: '/graphql' },
      res: { statusCode: 200 },
    });
    expect(typeof completed.responseTime).toBe('number');
    expect(written.join('')).not.toContain('tok-secret');
  });

  it('makes up an id when the caller gives none or a malformed one', async () => {
    const plain = await fetch(`${url}/graphql`);
    const hostile = await fetch(`${url}/graphql`, {
      headers: { 'x-request-id': '<script>alert(1)</script>' },
    });
    const uuid = /^[0-9a-f-]{36}$/;
    expect(plain.headers.get('x-request-id')).toMatch(uuid);
    expect(hostile.headers.get('x-request-id')).toMatch(uuid);
    expect(plain.headers.get('x-request-id')).not.toBe(hostile.headers.get('x-request-id'));
    const ids = (await settled(4)).map((line) => line.req?.id);
    expect(ids).toContain(plain.headers.get('x-request-id'));
    expect(ids).toContain(hostile.headers.get('x-request-id'));
  });

  it('says when a request failed on the server or was cut off before its answer', async () => {
    expect((await fetch(`${url}/fails`)).status).toBe(500);
    const controller = new AbortController();
    const hanging = await fetch(`${url}/hangs`, { signal: controller.signal });
    controller.abort();
    await hanging.text().catch(() => undefined);
    const byMessage = Object.fromEntries((await settled(2)).map((line) => [line.msg, line]));
    expect(byMessage['request errored']).toMatchObject({ level: 50, res: { statusCode: 500 } });
    expect(byMessage['request aborted']).toMatchObject({ level: 30, req: { url: '/hangs' } });
  });

  it('leaves health checks out and never writes a calendar feed’s token', async () => {
    await fetch(`${url}/health/ready`);
    await fetch(`${url}/calendar/q1V9cYq8m3v3aW1x2Y3z4A5b6C7d8E9f.ics`);
    const logged = await settled(1);
    expect(logged.map((line) => [line.msg, line.req?.url])).toEqual([
      ['request completed', '/calendar/[redacted]'],
    ]);
    expect(written.join('')).not.toContain('q1V9cYq8m3v3aW1x2Y3z4A5b6C7d8E9f');
  });

  it('writes no request lines below info, but still numbers requests', async () => {
    root.level = 'warn';
    try {
      const response = await fetch(`${url}/graphql`);
      expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      const logged = await settled(1);
      expect(logged.map((line) => line.msg)).toEqual(['inside the request']);
      expect(logged[0].req?.id).toBe(response.headers.get('x-request-id'));
    } finally {
      root.level = 'info';
    }
  });
});
