import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express, Request, Response } from 'express';
import { ApiHttpAdapter } from './http-adapter';

/** What a route saw of its request and response, and what they were before Express had them. */
interface Seen {
  protoBefore: object | null;
  protoInRoute: object | null;
  resProtoBefore: object | null;
  resProtoInRoute: object | null;
  ip: string | undefined;
  isIncomingMessage: boolean;
}

async function serve(
  adapter: ApiHttpAdapter,
): Promise<{ url: string; seen: Seen[]; close: () => Promise<void> }> {
  const app = adapter.getInstance<Express>();
  adapter.initHttpServer({});
  const server = adapter.getHttpServer() as http.Server;
  const seen: Seen[] = [];
  const before = new WeakMap<object, [object | null, object | null]>();
  // Runs before Express's own listener: the objects as the HTTP server made them.
  server.prependListener('request', (req: http.IncomingMessage, res: http.ServerResponse) =>
    before.set(req, [Object.getPrototypeOf(req), Object.getPrototypeOf(res)]),
  );
  app.get('/seen', (req: Request, res: Response) => {
    const [protoBefore, resProtoBefore] = before.get(req) ?? [null, null];
    seen.push({
      protoBefore,
      protoInRoute: Object.getPrototypeOf(req),
      resProtoBefore,
      resProtoInRoute: Object.getPrototypeOf(res),
      ip: req.ip,
      isIncomingMessage: req instanceof http.IncomingMessage,
    });
    res.status(201).json({ ok: true });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('ApiHttpAdapter', () => {
  it('hands Express requests and responses that already have its prototypes, so none is changed', async () => {
    const adapter = new ApiHttpAdapter();
    const app = adapter.getInstance<Express>();
    const served = await serve(adapter);
    try {
      for (let i = 0; i < 3; i++) {
        const answer = await fetch(`${served.url}/seen`);
        expect(answer.status).toBe(201);
        expect(await answer.json()).toEqual({ ok: true });
      }
      expect(served.seen).toHaveLength(3);
      for (const seen of served.seen) {
        expect(seen.protoBefore).toBe(app.request);
        expect(seen.protoInRoute).toBe(app.request);
        expect(seen.resProtoBefore).toBe(app.response);
        expect(seen.resProtoInRoute).toBe(app.response);
        // Express's own methods and getters, through the chain.
        expect(seen.ip).toBe('127.0.0.1');
        expect(seen.isIncomingMessage).toBe(true);
      }
    } finally {
      await served.close();
    }
  });
});
