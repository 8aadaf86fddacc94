import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findFreePort, isProcessAlive } from '@fpn/core';

const LAUNCHER = path.resolve(__dirname, '../../dist/apps/launcher/src/main.js');

/** The command lines of a process's children, from /proc. */
async function childCommandLines(parent: number): Promise<string[][]> {
  const lines: string[][] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      // The parent pid is the second field after the command name (which may hold spaces).
      const parentPid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (parentPid !== parent) continue;
      lines.push((await readFile(`/proc/${entry}/cmdline`, 'utf8')).split('\0').filter(Boolean));
    } catch {
      // the process ended while we looked
    }
  }
  return lines;
}

/** `npm start` as a person runs it: embedded PostgreSQL, local Redis, api and worker. */
describe('npm start (the launcher)', () => {
  let dataDir: string;
  let port: number;
  let launcher: ChildProcess;
  let output = '';

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'fpn-launcher-'));
    port = await findFreePort();
    launcher = spawn(process.execPath, [LAUNCHER], {
      cwd: dataDir,
      env: { PATH: process.env.PATH, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    });
    launcher.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    launcher.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`not ready:\n${output}`)), 50_000);
      const check = () => {
        if (output.includes('▸ ready in')) {
          clearTimeout(timer);
          resolve();
        }
      };
      launcher.stdout?.on('data', check);
      launcher.once('exit', () => reject(new Error(`launcher exited:\n${output}`)));
    });
  }, 60_000);

  afterAll(async () => {
    if (launcher.exitCode === null) launcher.kill('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  });

  it('says where GraphQL is, with the seed roster loaded and every dependency ready', async () => {
    expect(output).toContain(`GraphQL http://127.0.0.1:${port}/graphql`);
    const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ memberStates { code } networks { key } }' }),
    });
    const { data } = (await response.json()) as {
      data: { memberStates: unknown[]; networks: unknown[] };
    };
    expect(data.memberStates).toHaveLength(28);
    expect(data.networks).toHaveLength(4);
    const ready = await fetch(`http://127.0.0.1:${port}/health/ready`);
    expect(ready.status).toBe(200);
  });

  it('runs the api with a heap budget (API_HEAP_MB, 256 MB unless set)', async () => {
    const children = await childCommandLines(launcher.pid!);
    const api = children.find((args) => args.some((arg) => arg.endsWith('api/src/main.js')));
    const worker = children.find((args) => args.some((arg) => arg.endsWith('worker/src/main.js')));
    expect(api).toContain('--max-old-space-size=256');
    expect(worker).toBeDefined();
    expect(worker).not.toContain('--max-old-space-size=256');
  });

  it('stops everything it started on Ctrl-C, PostgreSQL included', async () => {
    const postgresPid = Number(
      (await readFile(path.join(dataDir, 'postgres/postmaster.pid'), 'utf8')).split('\n')[0],
    );
    const redisPid = Number((await readFile(path.join(dataDir, 'redis/redis.pid'), 'utf8')).trim());
    expect(isProcessAlive(postgresPid)).toBe(true);
    const exited = new Promise<number | null>((resolve) => launcher.once('exit', resolve));
    launcher.kill('SIGINT');
    expect(await exited).toBe(130); // the conventional status of a Ctrl-C
    expect(output).toContain('▸ stopped');
    expect(isProcessAlive(postgresPid)).toBe(false);
    expect(isProcessAlive(redisPid)).toBe(false);
    await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
  });
});
