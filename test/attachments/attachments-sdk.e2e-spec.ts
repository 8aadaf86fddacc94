import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import {
  ApiError,
  ClientError,
  ClientErrorCode,
  FpnClient,
  MemoryKeystore,
  type TransferProgress,
} from '@fpn/client';
import { CryptoError, initCrypto } from '@fpn/crypto';
import { Role } from '@fpn/identity';
import {
  addDirectoryEntry,
  createTestAccount,
  startTestApp,
  type TestApp,
  withPgClient,
} from '@fpn/testing';

/**
 * Attachments through the SDK: encrypted as they are read, uploaded with tus,
 * referenced inside the encrypted body; downloaded and decrypted into a file
 * that appears only when everything checked out — a blob altered on the
 * server leaves no file behind.
 */
describe('client SDK: encrypted attachments', () => {
  let app: TestApp;
  let folder: string;
  let serial = 0;

  beforeAll(async () => {
    await initCrypto();
    app = await startTestApp({ env: { ATTACHMENT_MAX_BYTES: String(8 * 1024 * 1024) } });
    folder = await mkdtemp(path.join(tmpdir(), 'fpn-sdk-attachments-'));
  });
  afterAll(async () => {
    await app?.close();
    await rm(folder, { recursive: true, force: true });
  });

  async function person(state: string) {
    const account = await createTestAccount(app, {
      email: `att${++serial}.${state.toLowerCase()}@sdk.example`,
      role: Role.FOCAL_POINT,
      memberStateCode: state,
    });
    await addDirectoryEntry(app, account, [{ key: 'law-enforcement' }]);
    const sdk = await FpnClient.create({
      serverUrl: app.url,
      keystore: new MemoryKeystore(),
      now: () => app.clock.now(),
      webSocket: WebSocket,
    });
    await sdk.login({ email: account.email, password: account.password });
    await sdk.keys.init();
    return sdk;
  }

  it('sends files with a message and the recipient saves them, identical; an altered blob leaves no file', async () => {
    const alice = await person('KZ');
    const bob = await person('TJ');
    const report = randomBytes(3 * 1024 * 1024 + 123);
    const reportPath = path.join(folder, 'report.bin');
    await writeFile(reportPath, report);
    const note = Buffer.from('Seized: 14 passports, series AB.');
    const progress: TransferProgress[] = [];

    const sent = await alice.messaging.send({
      to: { networkKey: 'law-enforcement' },
      category: 'INFORMATION_EXCHANGE',
      content: { subject: 'Scans', text: 'Two files attached.' },
      acceptNew: true,
      attachments: [
        { path: reportPath, mediaType: 'application/pdf' },
        { name: '../../note.txt', mediaType: 'text/plain', source: [note], size: note.length },
      ],
      onProgress: (p) => progress.push(p),
    });
    expect(sent.attachments.map((a) => [a.name, a.size])).toEqual([
      ['report.bin', report.length],
      ['../../note.txt', note.length],
    ]);
    expect(progress.at(-1)).toMatchObject({ name: '../../note.txt' });
    expect(progress.some((p) => p.name === 'report.bin' && p.sentBytes === p.totalBytes)).toBe(
      true,
    );
    // The server never saw the names: not in any attachment row.
    const rows = await withPgClient(app.database.ownerUrl, (client) =>
      client.query<{ row: string }>('SELECT row_to_json(a)::text AS row FROM attachment a'),
    );
    expect(rows.rows.map((r) => r.row).join('\n')).not.toMatch(/report|note|pdf|text\/plain/);

    const [received] = await bob.messaging.receive();
    expect(received.status).toBe('ok');
    expect(received.content!.attachments!.map((a) => [a.name, a.mediaType, a.size])).toEqual([
      ['report.bin', 'application/pdf', report.length],
      ['../../note.txt', 'text/plain', note.length],
    ]);

    const into = await mkdtemp(path.join(folder, 'bob-'));
    const saved = await bob.messaging.downloadAttachment(received, 0, { destination: into });
    expect(saved).toBe(path.join(into, 'report.bin'));
    expect((await readFile(saved)).equals(report)).toBe(true);
    // The sender's name cannot climb out of the folder.
    const savedNote = await bob.messaging.downloadAttachment(received, 1, { destination: into });
    expect(savedNote).toBe(path.join(into, 'note.txt'));
    expect(await readFile(savedNote, 'utf8')).toBe(note.toString());

    // An existing file is replaced only when asked.
    await expect(
      bob.messaging.downloadAttachment(received, 0, { destination: into }),
    ).rejects.toMatchObject({ code: ClientErrorCode.FileExists });
    await bob.messaging.downloadAttachment(received, 0, { destination: into, overwrite: true });
    expect((await readFile(saved)).equals(report)).toBe(true);
    await expect(
      bob.messaging.downloadAttachment(received, 5, { destination: into }),
    ).rejects.toBeInstanceOf(ClientError);

    // One byte of the stored ciphertext changed in PostgreSQL: decryption refuses, no file left.
    await withPgClient(app.database.ownerUrl, (client) =>
      client.query(
        `UPDATE attachment_part SET bytes = set_byte(bytes, 100, (get_byte(bytes, 100) + 1) % 256)
          WHERE attachment_id = $1 AND byte_offset = 0`,
        [received.content!.attachments![0].id],
      ),
    );
    const clean = await mkdtemp(path.join(folder, 'altered-'));
    const altered = await bob.messaging
      .downloadAttachment(received, 0, { destination: clean })
      .catch((error: unknown) => error);
    expect(altered).toBeInstanceOf(CryptoError);
    expect(await readdir(clean)).toEqual([]);
  });

  it('refuses a file over the limit before sending anything', async () => {
    const alice = await person('KG');
    await person('UZ');
    const big = 9 * 1024 * 1024;
    const refusal = await alice.messaging
      .send({
        to: { networkKey: 'law-enforcement' },
        category: 'INFORMATION_EXCHANGE',
        content: { subject: 'Too big', text: '…' },
        acceptNew: true,
        attachments: [{ name: 'big.bin', source: [Buffer.alloc(big)], size: big }],
      })
      .catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ApiError);
    expect(refusal).toMatchObject({ status: 413, reason: 'ATTACHMENT_TOO_LARGE' });
  });
});
