import {
  backupKeyCertificateToJson,
  createBackup,
  generateIdentityKeyPair,
  generateRecoveryKey,
  type IdentityKeyPair,
  initCrypto,
  parseBackupKeyCertificate,
  restoreBackup,
  sealBackupEntry,
  signingSeedOf,
  fromBase64Url,
  toBase64Url,
} from '@fpn/crypto';
import { Role } from '@fpn/identity';
import {
  createTestAccount,
  dumpAllTables,
  GraphqlTestClient,
  signInTestAccount,
  startTestApp,
  type TestAccount,
  type TestApp,
  withPgClient,
} from '@fpn/testing';
import { ok, refused } from './raw-graphql';
import { randomBytes } from 'node:crypto';

interface Backup {
  backupKeyCertificate: string;
  sealedIdentityKey: string;
  identityPublicKey: string;
  entries: { cursor: string; sealed: string }[];
  endCursor: string | null;
  hasNextPage: boolean;
  totalCount: number;
}

const MY_BACKUP = `query ($after: String, $first: Int) {
  myKeyBackup(after: $after, first: $first) {
    backupKeyCertificate sealedIdentityKey identityPublicKey
    entries { cursor sealed } endCursor hasNextPage totalCount
  }
}`;
const PUBLISH = `mutation ($c: String!, $s: String!) {
  publishKeyBackup(backupKeyCertificate: $c, sealedIdentityKey: $s) { identityPublicKey }
}`;
const APPEND = 'mutation ($e: [String!]!) { appendKeyBackupEntries(entries: $e) }';

describe('key backups: published once, appended by every device, restored on a new one', () => {
  let app: TestApp;
  let serial = 0;

  /** An account with an identity key, signed in on two "devices" (two sessions). */
  async function person(): Promise<{
    account: TestAccount;
    deviceA: GraphqlTestClient;
    deviceB: GraphqlTestClient;
    identity: IdentityKeyPair;
  }> {
    const account = await createTestAccount(app, {
      email: `backup${++serial}@keys.example`,
      role: Role.FOCAL_POINT,
      memberStateCode: 'KZ',
    });
    const deviceA = (await signInTestAccount(app, account)).client;
    const deviceB = (await signInTestAccount(app, account)).client;
    const identity = generateIdentityKeyPair();
    await ok(deviceA, 'mutation ($k: String!) { registerIdentityKey(publicKey: $k) { userId } }', {
      k: toBase64Url(identity.publicKey),
    });
    return { account, deviceA, deviceB, identity };
  }

  const backupOf = (identity: IdentityKeyPair, accountId: string, recoveryKey: Uint8Array) => {
    const created = createBackup({
      identity,
      accountId,
      secret: { recoveryKey },
      createdAt: app.clock.now(),
    });
    return {
      certificate: created.certificate,
      variables: {
        c: JSON.stringify(backupKeyCertificateToJson(created.certificate)),
        s: toBase64Url(created.sealedIdentity),
      },
    };
  };

  const entryCount = (table: 'key_backup' | 'key_backup_entry') =>
    withPgClient(app.database.ownerUrl, async (client) =>
      Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0].n),
    );

  beforeAll(async () => {
    await initCrypto();
    app = await startTestApp({ worker: false });
  });
  afterAll(() => app?.close());

  it('restores the identity key and every entry appended by two devices, paging through them', async () => {
    const me = await person();
    const recoveryKey = generateRecoveryKey();
    const { certificate, variables } = backupOf(me.identity, me.account.id, recoveryKey);

    // Appending before there is a backup is CONFLICT.
    expect(await refused(me.deviceB, APPEND, { e: [toBase64Url(randomBytes(80))] })).toMatchObject({
      code: 'CONFLICT',
      reason: 'KEY_BACKUP_REQUIRED',
    });
    const published = await ok(me.deviceA, PUBLISH, variables);
    expect(published.publishKeyBackup).toEqual({
      identityPublicKey: toBase64Url(me.identity.publicKey),
    });

    // Each device seals to the backup key it read from the verified certificate.
    const fromServer = (await ok(me.deviceB, MY_BACKUP)).myKeyBackup as Backup;
    const backupPublicKey = parseBackupKeyCertificate(
      JSON.parse(fromServer.backupKeyCertificate),
    ).backupPublicKey;
    const sent: { messageId: string; contentKey: Uint8Array }[] = [];
    const seal = (messageId: string) => {
      const contentKey = new Uint8Array(randomBytes(32));
      sent.push({ messageId, contentKey });
      return toBase64Url(
        sealBackupEntry({ accountId: me.account.id, backupPublicKey, messageId, contentKey }),
      );
    };
    for (let round = 0; round < 3; round++) {
      expect(await ok(me.deviceA, APPEND, { e: [seal(`a-${round}`)] })).toEqual({
        appendKeyBackupEntries: 1,
      });
      expect(
        await ok(me.deviceB, APPEND, { e: [seal(`b-${round}-1`), seal(`b-${round}-2`)] }),
      ).toEqual({ appendKeyBackupEntries: 2 });
    }

    // A new device: pages of 4, then restore with the recovery key alone.
    const newDevice = (await signInTestAccount(app, me.account)).client;
    const pages: Backup[] = [];
    let after: string | null = null;
    do {
      const page = (await ok(newDevice, MY_BACKUP, { after, first: 4 })).myKeyBackup as Backup;
      pages.push(page);
      after = page.hasNextPage ? page.endCursor : null;
    } while (after);
    expect(pages.map((page) => page.entries.length)).toEqual([4, 4, 1]);
    expect(pages[0].totalCount).toBe(9);
    const entries = pages.flatMap((page) => page.entries.map((e) => fromBase64Url(e.sealed, 'e')));

    const restored = restoreBackup({
      certificate: parseBackupKeyCertificate(JSON.parse(pages[0].backupKeyCertificate)),
      expectedIdentityPublicKey: me.identity.publicKey,
      secret: { recoveryKey },
      sealedIdentity: fromBase64Url(pages[0].sealedIdentityKey, 's'),
      entries,
    });
    expect(toBase64Url(restored.identity.publicKey)).toBe(toBase64Url(me.identity.publicKey));
    expect(toBase64Url(restored.identity.secretKey)).toBe(toBase64Url(me.identity.secretKey));
    expect(restored.unreadableEntries).toBe(0);
    // In the order appended: A's and B's interleaved, nothing overwritten.
    expect(restored.keys.map((k) => k.messageId)).toEqual(sent.map((k) => k.messageId));
    expect(restored.keys.map((k) => toBase64Url(k.contentKey))).toEqual(
      sent.map((k) => toBase64Url(k.contentKey)),
    );
    expect(certificate.accountId).toBe(me.account.id);

    // The server holds only sealed boxes: no seed, recovery key or content key in a dump.
    const dump = (await dumpAllTables(app.database.ownerUrl))
      .flatMap((table) => table.rows)
      .join('\n')
      .toLowerCase();
    expect(dump).toContain(
      Buffer.from(fromBase64Url(fromServer.sealedIdentityKey, 's')).toString('hex'),
    );
    for (const secret of [
      signingSeedOf(me.identity),
      recoveryKey,
      ...sent.map((k) => k.contentKey),
    ]) {
      const bytes = Buffer.from(secret);
      for (const form of [
        bytes.toString('hex'),
        bytes.toString('base64url'),
        bytes.toString('base64'),
      ])
        expect(dump.includes(form.toLowerCase())).toBe(false);
    }

    // Audited: one row per publish, one per append call (not per entry).
    const types = await withPgClient(app.database.ownerUrl, async (client) =>
      (
        await client.query<{ type: string }>(
          `SELECT type FROM (SELECT type, actor_id FROM audit_pending
                             UNION ALL SELECT type, actor_id FROM audit_entry) e
            WHERE actor_id = $1 AND type LIKE 'KEY_BACKUP%'`,
          [me.account.id],
        )
      ).rows.map((row) => row.type),
    );
    expect(types.filter((t) => t === 'KEY_BACKUP_PUBLISHED')).toHaveLength(1);
    expect(types.filter((t) => t === 'KEY_BACKUP_ENTRIES_APPENDED')).toHaveLength(6);
  });

  it('refuses a certificate the current identity key did not sign, and bad entries; nothing is stored', async () => {
    const me = await person();
    const backups = await entryCount('key_backup');
    const stranger = backupOf(generateIdentityKeyPair(), me.account.id, generateRecoveryKey());
    expect(await refused(me.deviceA, PUBLISH, stranger.variables)).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'BAD_CERTIFICATE',
      field: 'backupKeyCertificate.signature',
    });
    const otherAccount = (await person()).account.id;
    const wrongAccount = backupOf(me.identity, otherAccount, generateRecoveryKey());
    expect(await refused(me.deviceA, PUBLISH, wrongAccount.variables)).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'BAD_CERTIFICATE',
      field: 'backupKeyCertificate.accountId',
    });
    expect(
      await refused(me.deviceA, PUBLISH, { c: '{not json', s: stranger.variables.s }),
    ).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'BAD_CERTIFICATE' });
    expect(await entryCount('key_backup')).toBe(backups);
    expect((await ok(me.deviceA, MY_BACKUP)).myKeyBackup).toBeNull();

    await ok(
      me.deviceA,
      PUBLISH,
      backupOf(me.identity, me.account.id, generateRecoveryKey()).variables,
    );
    const entries = await entryCount('key_backup_entry');
    expect(await refused(me.deviceA, APPEND, { e: ['not base64!'] })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'entries.0',
    });
    expect(
      await refused(me.deviceA, APPEND, {
        e: [toBase64Url(randomBytes(80)), toBase64Url(randomBytes(2000))],
      }),
    ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'entries.1' });
    expect(
      await refused(me.deviceA, APPEND, {
        e: Array.from({ length: 501 }, () => toBase64Url(randomBytes(80))),
      }),
    ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'entries' });
    expect(await entryCount('key_backup_entry')).toBe(entries);
  });

  it('a new backup replaces the current one; the old one and its entries stay on record', async () => {
    const me = await person();
    await ok(
      me.deviceA,
      PUBLISH,
      backupOf(me.identity, me.account.id, generateRecoveryKey()).variables,
    );
    await ok(me.deviceA, APPEND, { e: [toBase64Url(randomBytes(100))] });
    const second = backupOf(me.identity, me.account.id, generateRecoveryKey());
    await ok(me.deviceB, PUBLISH, second.variables);
    const current = (await ok(me.deviceA, MY_BACKUP)).myKeyBackup as Backup;
    expect(current.backupKeyCertificate).toBe(second.variables.c);
    expect(current.totalCount).toBe(0);
    const kept = await withPgClient(
      app.database.ownerUrl,
      async (client) =>
        (
          await client.query<{ backups: string; entries: string }>(
            `SELECT count(DISTINCT b.id) AS backups, count(e.id) AS entries
             FROM key_backup b LEFT JOIN key_backup_entry e ON e.backup_id = b.id
            WHERE b.user_id = $1`,
            [me.account.id],
          )
        ).rows[0],
    );
    expect(kept).toEqual({ backups: '2', entries: '1' });
  });

  it('nobody reads another account’s backup, and the app role cannot rewrite or remove entries', async () => {
    const me = await person();
    await ok(
      me.deviceA,
      PUBLISH,
      backupOf(me.identity, me.account.id, generateRecoveryKey()).variables,
    );
    await ok(me.deviceA, APPEND, { e: [toBase64Url(randomBytes(100))] });
    const other = await person();
    expect((await ok(other.deviceA, MY_BACKUP)).myKeyBackup).toBeNull();
    // Another account's entries cannot be appended to it either: appends go to one's own.
    expect(
      await refused(other.deviceA, APPEND, { e: [toBase64Url(randomBytes(100))] }),
    ).toMatchObject({ code: 'CONFLICT' });
    expect(((await ok(me.deviceA, MY_BACKUP)).myKeyBackup as Backup).totalCount).toBe(1);

    await withPgClient(app.database.appUrl, async (client) => {
      for (const statement of [
        'UPDATE key_backup_entry SET sealed = sealed',
        'DELETE FROM key_backup_entry',
        'TRUNCATE key_backup_entry',
        'UPDATE key_backup SET certificate = certificate',
        'DELETE FROM key_backup',
      ]) {
        await expect(client.query(statement)).rejects.toThrow(/permission denied/);
      }
    });
    expect(((await ok(me.deviceA, MY_BACKUP)).myKeyBackup as Backup).totalCount).toBe(1);
  });
});
