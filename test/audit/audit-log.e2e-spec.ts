import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import {
  AuditChainer,
  AuditCheckpointer,
  AuditEventType,
  AuditService,
  encodePublicKey,
  readSigningKey,
  verifyAuditLog,
} from '@fpn/audit';
import { QueueName, QueueProducer } from '@fpn/queue';
import { eventually, startTestApp, testEnv, withPgClient, type TestApp } from '@fpn/testing';

const CLI = path.resolve(__dirname, '../../dist/apps/cli/src/main.js');
const WORKER = path.resolve(__dirname, '../../dist/apps/worker/src/main.js');

/** Runs the compiled CLI the way an operator would. */
function cli(args: string[], env: Record<string, string>) {
  return run(CLI, args, env);
}

function run(entry: string, args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [entry, ...args], {
      env: { PATH: process.env.PATH, NODE_ENV: 'test', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('the audit log', () => {
  let app: TestApp;
  let keyDir: string;
  let keyFile: string;
  let publicKey: Uint8Array;
  let audit: AuditService;
  let dataSource: DataSource;
  const count = async (table: string) =>
    Number((await dataSource.query<{ n: string }[]>(`SELECT count(*) AS n FROM ${table}`))[0].n);
  const login = (n: number) => ({
    type: AuditEventType.LOGIN_FAILED,
    subjectType: 'user',
    subjectId: `user-${n}`,
    memberState: 'KZ',
    ip: '192.0.2.7',
    requestId: `req-${n}-abcdef`,
    details: { attempt: n, reason: 'bad password' },
  });

  beforeAll(async () => {
    keyDir = await mkdtemp(path.join(tmpdir(), 'fpn-audit-e2e-'));
    keyFile = path.join(keyDir, 'audit-signing.key');
    await writeFile(keyFile, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
    publicKey = (await readSigningKey(keyFile)).publicKey;
    app = await startTestApp({
      env: {
        AUDIT_SIGNING_KEY_FILE: keyFile,
        // The test drives chaining and checkpoints itself.
        AUDIT_CHAIN_INTERVAL_SECONDS: '3600',
        AUDIT_CHECKPOINT_INTERVAL_SECONDS: '3600',
      },
    });
    audit = app.worker!.get(AuditService);
    dataSource = app.worker!.get(DataSource);
    // A job scheduler runs its first chain and checkpoint at once; let them finish on the empty log.
    const queue = app.api.get(QueueProducer).queue(QueueName.Audit);
    await eventually(async () => ((await queue.getCompletedCount()) >= 2 ? true : undefined));
  });
  afterAll(async () => {
    await app?.close();
    await rm(keyDir, { recursive: true, force: true });
  });

  it('records an event only when the transaction it belongs to commits', async () => {
    app.clock.set('2027-05-04T10:00:00Z');
    await expect(
      dataSource.transaction(async (manager) => {
        await audit.record(manager, login(0));
        throw new Error('the login failed for another reason');
      }),
    ).rejects.toThrow('another reason');
    expect(await count('audit_pending')).toBe(0);

    await dataSource.transaction(async (manager) => {
      for (const n of [1, 2, 3]) await audit.record(manager, login(n));
    });
    await audit.recordNow(login(4));
    await audit.recordNow({ type: AuditEventType.AUTHORIZATION_DENIED, details: {} });
    const rows = await dataSource.query<{ type: string; occurred_at: Date }[]>(
      'SELECT type, occurred_at FROM audit_pending ORDER BY id',
    );
    expect(rows).toHaveLength(5);
    expect(rows[0].occurred_at).toEqual(new Date('2027-05-04T10:00:00Z'));
    await expect(
      audit.recordNow({ type: AuditEventType.LOGIN_FAILED, details: { password: 'hunter2' } }),
    ).rejects.toThrow('audit details must not carry secrets ("password")');
  });

  it('chains pending events in order when the worker runs the chain job', async () => {
    await app.api.get(QueueProducer).add(QueueName.Audit, 'chain', { trigger: 'manual' });
    await eventually(async () => ((await count('audit_pending')) === 0 ? true : undefined));
    const entries = await dataSource.query<{ seq: string; prev_hash: string; hash: string }[]>(
      'SELECT seq, prev_hash, hash, subject_id FROM audit_entry ORDER BY seq',
    );
    expect(entries.map((entry) => Number(entry.seq))).toEqual([1, 2, 3, 4, 5]);
    expect(entries[0].prev_hash).toBe('0'.repeat(64));
    for (let i = 1; i < entries.length; i += 1) {
      expect(entries[i].prev_hash).toBe(entries[i - 1].hash);
    }
  });

  it('signs a checkpoint of the head, and none while the head stays the same', async () => {
    const checkpointer = app.worker!.get(AuditCheckpointer);
    const chainer = app.worker!.get(AuditChainer);
    expect(await checkpointer.checkpoint()).toMatchObject({ id: 1, seq: 5 });
    expect(await checkpointer.checkpoint()).toBeNull();
    for (const n of [6, 7, 8, 9, 10]) await audit.recordNow(login(n));
    expect(await chainer.chainPending()).toBe(5);
    expect(await checkpointer.checkpoint()).toMatchObject({ id: 2, seq: 10 });
    for (const n of [11, 12]) await audit.recordNow(login(n));
    expect(await chainer.chainPending()).toBe(2);
  });

  it('verifies an intact log, in process and with the CLI', async () => {
    const result = await verifyAuditLog(dataSource, publicKey);
    expect(result).toMatchObject({ ok: true, entries: 12, checkpoints: 2 });

    const verified = await cli(['audit:verify'], {
      DATABASE_URL: app.database.appUrl,
      AUDIT_SIGNING_KEY_FILE: keyFile,
    });
    expect(verified).toEqual({
      code: 0,
      stdout: `audit log intact: 12 entries, head ${result.head}, 2 checkpoints verified\n`,
      stderr: '',
    });
    const published = await cli(['audit:public-key'], { AUDIT_SIGNING_KEY_FILE: keyFile });
    expect(published.code).toBe(0);
    expect(published.stdout).toContain(`AUDIT_PUBLIC_KEY=${encodePublicKey(publicKey)}\n`);
  });

  it('refuses the application role any change to audit rows but adding them', async () => {
    await withPgClient(app.database.appUrl, async (client) => {
      const tables = { audit_entry: 'details', audit_checkpoint: 'signature', audit_pending: 'ip' };
      for (const [table, column] of Object.entries(tables)) {
        for (const statement of [
          `UPDATE ${table} SET ${column} = ${column}`,
          `DELETE FROM ${table}`,
          `TRUNCATE ${table}`,
        ]) {
          await expect(client.query(statement)).rejects.toThrow(/permission denied/);
        }
      }
      await client.query('BEGIN');
      await client.query(
        `INSERT INTO audit_pending (type, details, occurred_at) VALUES ('LOGIN_FAILED', '{}', now())`,
      );
      // Releasing deletes only pending rows an entry already holds: this one stays.
      await client.query('SELECT audit_release_chained()');
      expect((await client.query('SELECT count(*) AS n FROM audit_pending')).rows[0].n).toBe('1');
      await client.query('ROLLBACK');
    });
  });

  it('keeps the worker from starting in production without a signing key file', async () => {
    const result = await run(WORKER, [], { ...testEnv(app.database), NODE_ENV: 'production' });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'worker: AUDIT_SIGNING_KEY_FILE is required in production (the audit signing key, kept outside the database)\n',
    );
  });

  describe('after someone with the owner role tampers with it', () => {
    let head: string;
    const owner = <T>(run: (client: Client) => Promise<T>) =>
      withPgClient(app.database.ownerUrl, run);
    const verifyWithCli = (...args: string[]) =>
      cli(['audit:verify', ...args], {
        DATABASE_URL: app.database.appUrl,
        AUDIT_PUBLIC_KEY: encodePublicKey(publicKey),
      });

    beforeAll(async () => {
      head = (await verifyAuditLog(dataSource, publicKey)).head!;
      await owner((client) =>
        client.query('CREATE TABLE audit_entry_backup AS SELECT * FROM audit_entry'),
      );
    });
    afterEach(() =>
      owner(async (client) => {
        await client.query('BEGIN');
        await client.query('DELETE FROM audit_entry');
        await client.query('INSERT INTO audit_entry SELECT * FROM audit_entry_backup');
        await client.query('COMMIT');
      }),
    );
    afterAll(async () => {
      expect((await verifyAuditLog(dataSource, publicKey)).ok).toBe(true);
    });

    it('names an entry whose details were edited', async () => {
      await owner((client) =>
        client.query(`UPDATE audit_entry SET details = '{"attempt": 70}' WHERE seq = 7`),
      );
      expect(await verifyWithCli()).toEqual({
        code: 1,
        stdout: '',
        stderr: 'audit log NOT intact: entry 7: hash does not match its contents\n',
      });
    });

    it('names an entry that was deleted', async () => {
      await owner((client) => client.query('DELETE FROM audit_entry WHERE seq = 4'));
      expect((await verifyWithCli()).stderr).toBe(
        'audit log NOT intact: entry 4 missing (seq jumps 3 → 5)\n',
      );
    });

    it('names the first of two entries whose contents were swapped', async () => {
      await owner((client) =>
        client.query(
          `UPDATE audit_entry e
              SET (type, subject_id, request_id, details, occurred_at, prev_hash, hash) =
                  (SELECT b.type, b.subject_id, b.request_id, b.details, b.occurred_at, b.prev_hash, b.hash
                     FROM audit_entry_backup b WHERE b.seq = 17 - e.seq)
            WHERE e.seq IN (8, 9)`,
        ),
      );
      const result = await verifyWithCli();
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(
        'audit log NOT intact: entry 8: hash does not match its contents\n',
      );
    });

    it('says the chain is shorter than its last signed checkpoint when the tail is cut', async () => {
      await owner((client) => client.query('DELETE FROM audit_entry WHERE seq > 7'));
      const result = await verifyWithCli();
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(
        'audit log NOT intact: chain ends at 7 but checkpoint 2 covers 10\n',
      );
    });

    it('catches a tail cut after the last checkpoint given the head recorded earlier', async () => {
      await owner((client) => client.query('DELETE FROM audit_entry WHERE seq > 10'));
      // Without an outside record of the head, the shorter log is self-consistent.
      expect((await verifyAuditLog(dataSource, publicKey)).ok).toBe(true);
      const result = await verifyWithCli('--expect-head', head);
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(
        `audit log NOT intact: expected head ${head.slice(0, 12)}… not found (chain ends at 10)\n`,
      );
    });
  });
});
