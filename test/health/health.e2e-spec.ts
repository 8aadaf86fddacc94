import { startTestApp, type TestApp } from '@fpn/testing';

interface HealthReport {
  status: string;
  error: Record<string, { status: string; message?: string }>;
  details: Record<string, { status: string; [key: string]: unknown }>;
}

async function readiness(app: TestApp) {
  const response = await fetch(`${app.url}/health/ready`);
  return { status: response.status, body: (await response.json()) as HealthReport };
}

describe('health endpoints', () => {
  describe('with a worker running', () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await startTestApp();
    });
    afterAll(() => app?.close());

    it('reports live at /health', async () => {
      const response = await fetch(`${app.url}/health`);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ status: 'ok' });
    });

    it('reports PostgreSQL (migrated), Redis and the worker up at /health/ready', async () => {
      const { status, body } = await readiness(app);
      expect(status).toBe(200);
      expect(body.details).toMatchObject({
        postgres: { status: 'up', migrations: 'applied' },
        redis: { status: 'up' },
        worker: { status: 'up' },
      });
    });

    it('tags every response with a request id, keeping a well-formed one the caller sent', async () => {
      const generated = await fetch(`${app.url}/health`);
      expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      const given = await fetch(`${app.url}/health`, {
        headers: { 'x-request-id': 'ministry-call-0001' },
      });
      expect(given.headers.get('x-request-id')).toBe('ministry-call-0001');
      const hostile = await fetch(`${app.url}/health`, {
        headers: { 'x-request-id': '<script>alert(1)</script>' },
      });
      expect(hostile.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    });
  });

  describe('without a worker', () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await startTestApp({ worker: false });
    });
    afterAll(() => app?.close());

    it('is not ready, and says the worker is why', async () => {
      const { status, body } = await readiness(app);
      expect(status).toBe(503);
      expect(body.error).toEqual({
        worker: { status: 'down', message: 'no worker heartbeat seen recently' },
      });
      expect(body.details.postgres.status).toBe('up');
    });
  });
});
