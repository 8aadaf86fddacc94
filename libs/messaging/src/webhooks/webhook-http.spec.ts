import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebhookHttp } from './webhook-http';

describe('WebhookHttp', () => {
  let server: Server;
  let port: number;
  const seen: { host?: string; body: string }[] = [];
  let delayMs = 0;

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        seen.push({ host: request.headers.host, body });
        setTimeout(() => {
          response.statusCode = 202;
          response.end('ignored');
        }, delayMs);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const target = () => ({
    // A name that resolves nowhere: the POST must go to the checked address, never resolve it.
    url: new URL(`http://hooks.invalid:${port}/in`),
    hostname: 'hooks.invalid',
    addresses: [{ address: '127.0.0.1', family: 4 as const }],
  });

  it('connects to the checked address, keeps the host name, and answers the status', async () => {
    const status = await new WebhookHttp().post(target(), { 'x-test': '1' }, '{"a":1}', 5_000);
    expect(status).toBe(202);
    expect(seen.at(-1)).toEqual({ host: `hooks.invalid:${port}`, body: '{"a":1}' });
  });

  it('gives up after the timeout', async () => {
    delayMs = 500;
    await expect(new WebhookHttp().post(target(), {}, '{}', 100)).rejects.toMatchObject({
      code: 'TIMEOUT',
    });
    delayMs = 0;
  });
});
