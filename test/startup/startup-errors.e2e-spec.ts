import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import path from 'node:path';
import { findFreePort } from '@fpn/core';
import { createTestDatabase, testEnv, type TestDatabase } from '@fpn/testing';

const root = path.resolve(__dirname, '../..');
const API = path.join(root, 'dist/apps/api/src/main.js');
const WORKER = path.join(root, 'dist/apps/worker/src/main.js');

/** Runs a compiled entry point the way an operator would, and collects what it says. */
function run(entry: string, env: Record<string, string>) {
  return new Promise<{ code: number | null; stderr: string; stdout: string }>((resolve) => {
    const child = spawn(process.execPath, [entry], { env: { PATH: process.env.PATH, ...env } });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, stdout });
    });
  });
}

describe('start-up with bad settings', () => {
  let database: TestDatabase;
  let env: Record<string, string>;
  beforeAll(async () => {
    database = await createTestDatabase();
    env = testEnv(database);
  });
  afterAll(() => database?.drop());

  it('stops with one line naming a bad variable', async () => {
    const result = await run(API, { ...env, PORT: 'eighty' });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('api: Invalid configuration: PORT must be a port number\n');
  });

  it('names a missing variable', async () => {
    const { REDIS_URL: _omitted, ...withoutRedis } = env;
    const result = await run(WORKER, withoutRedis);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('worker: Invalid configuration: REDIS_URL is required\n');
  });

  it('says PostgreSQL is unreachable without printing its password', async () => {
    const port = await findFreePort();
    const result = await run(API, {
      ...env,
      DATABASE_URL: `postgres://fpn:hunter2-secret@127.0.0.1:${port}/fpn`,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `api: cannot reach PostgreSQL at 127.0.0.1:${port} (DATABASE_URL): ECONNREFUSED\n`,
    );
    expect(result.stderr + result.stdout).not.toContain('hunter2');
  });

  it('says Redis is unreachable', async () => {
    const port = await findFreePort();
    const result = await run(WORKER, { ...env, REDIS_URL: `redis://127.0.0.1:${port}` });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `worker: cannot reach Redis at 127.0.0.1:${port} (REDIS_URL): ECONNREFUSED\n`,
    );
  });

  describe('when the port is taken', () => {
    let blocker: Server;
    let port: number;
    beforeAll(async () => {
      port = await findFreePort();
      blocker = createServer();
      await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    });
    afterAll(() => new Promise((resolve) => blocker.close(resolve)));

    it('says so in one line and leaves nothing running', async () => {
      const result = await run(API, { ...env, PORT: String(port) });
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(
        `api: port ${port} on 127.0.0.1 is already in use (set PORT to another port)\n`,
      );
    });
  });
});
