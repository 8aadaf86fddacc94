import http from 'node:http';
import type { NestApplicationOptions } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import type { Express } from 'express';

/**
 * Express as Nest runs it, with one change in how requests and responses are
 * made. Express gives each request and response its methods (`res.send`,
 * `req.ip`, …) by changing its prototype to the app's `request` and
 * `response` objects as it arrives (`Object.setPrototypeOf` in `app.handle`).
 * Changing an object's prototype after it is made is a slow path in V8 (as
 * MDN warns for every engine): measured on Express alone it halved the
 * requests served, and about a quarter of all a request allocated then
 * outlived two young-generation collections, filling the old generation with
 * short-lived objects and bringing a full collection every few seconds
 * (docs/benchmarks.md, tenth round).
 *
 * Here the HTTP server makes requests and responses from classes of Node's
 * own whose prototypes are placed in front of the app's `request` and
 * `response`, and become them: Express's change is then to the prototype the
 * object already has — none at all — and every method and getter is still
 * Express's own, looked up through the chain.
 */
export class ApiHttpAdapter extends ExpressAdapter {
  override initHttpServer(options: NestApplicationOptions): void {
    // Only the plain HTTP server the api runs is made here; anything else as Nest makes it.
    if (options?.httpsOptions || options?.forceCloseConnections) {
      super.initHttpServer(options);
      return;
    }
    const app = this.getInstance<Express>();
    this.httpServer = http.createServer(expressMessageClasses(app), app);
  }
}

/**
 * A request and a response class for `app`, whose prototypes become the app's
 * `request` and `response` (their own prototypes being the app's previous
 * ones). Mounted sub-apps are not supported: Express sets theirs on the way in.
 */
export function expressMessageClasses(app: Express): {
  IncomingMessage: typeof http.IncomingMessage;
  ServerResponse: typeof http.ServerResponse;
} {
  class ExpressRequest extends http.IncomingMessage {}
  class ExpressResponse<
    Request extends http.IncomingMessage = http.IncomingMessage,
  > extends http.ServerResponse<Request> {}
  Object.setPrototypeOf(ExpressRequest.prototype, app.request);
  Object.setPrototypeOf(ExpressResponse.prototype, app.response);
  app.request = ExpressRequest.prototype as Express['request'];
  app.response = ExpressResponse.prototype as Express['response'];
  return { IncomingMessage: ExpressRequest, ServerResponse: ExpressResponse };
}
