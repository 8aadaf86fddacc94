import { readdirSync, readFileSync } from 'node:fs';
import { eventually, startApiReplica, startTestApp, type TestApp } from '@fpn/testing';

/** The pids of a process's children, from /proc (field 4 of /proc/<pid>/stat is the parent). */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((name) => {
      try {
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
      } catch {
        return false; // gone meanwhile
      }
    })
    .map(Number);
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('API_PROCESSES: several API processes on one port', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('serves from every replica, and stops them all on SIGTERM', async () => {
    const api = await startApiReplica(app, { env: { API_PROCESSES: '2', LOG_LEVEL: 'info' } });
    try {
      const replicas = await eventually(() => {
        const pids = childrenOf(api.pid);
        return pids.length === 2 ? pids : undefined;
      });
      // Connections are shared out among the replicas: requests on fresh connections reach both.
      const servedBy = () =>
        new Set(
          api.stdout
            .split('\n')
            .filter((line) => line.includes('"url":"/graphql"'))
            .map((line) => (JSON.parse(line) as { pid: number }).pid),
        );
      await eventually(async () => {
        await Promise.all(
          Array.from({ length: 8 }, async () => {
            const response = await fetch(`${api.url}/graphql`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', connection: 'close' },
              body: JSON.stringify({ query: '{ __typename }' }),
            });
            expect(await response.json()).toEqual({ data: { __typename: 'Query' } });
          }),
        );
        return servedBy().size === 2 ? true : undefined;
      }, 30_000);
      expect([...servedBy()].sort()).toEqual([...replicas].sort());
      await api.close();
      expect(api.exited).toBe(true);
      expect(replicas.filter(alive)).toEqual([]);
    } finally {
      await api.kill();
    }
  });

  it('stops the others and exits when a replica dies on its own', async () => {
    const api = await startApiReplica(app, { env: { API_PROCESSES: '2' } });
    try {
      const replicas = await eventually(() => {
        const pids = childrenOf(api.pid);
        return pids.length === 2 ? pids : undefined;
      });
      process.kill(replicas[0], 'SIGKILL');
      await eventually(() => (api.exited ? true : undefined));
      expect(api.stderr).toContain(`process ${replicas[0]} exited (SIGKILL)`);
      await eventually(() => (alive(replicas[1]) ? undefined : true));
    } finally {
      await api.kill();
    }
  });
});
