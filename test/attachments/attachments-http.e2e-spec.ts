import { randomUUID } from 'node:crypto';
import { initCrypto } from '@fpn/crypto';
import { Role } from '@fpn/identity';
import { AttachmentSweeper } from '@fpn/messaging';
import { eventually, startTestApp, type TestApp, withPgClient } from '@fpn/testing';
import { messagingFixtures, messagingRowCounts, type Party } from '../messaging/messaging-fixtures';
import {
  attachmentHttp,
  attachmentRows,
  encryptedBlob,
  hashOf,
  SEND_WITH_ATTACHMENTS,
  sendWithAttachments,
} from './attachment-fixtures';

const MAX_BYTES = 2_000_000;

/**
 * The attachments endpoint as any tus client or `curl` speaks it: resumable
 * uploads that refuse reordered, oversized or foreign chunks and change
 * nothing when they do; sends that refuse truncated or altered uploads; and
 * downloads for the addressed people only — everyone else is told the
 * attachment does not exist.
 */
describe('attachments over HTTP: tus uploads, linking at send, downloads', () => {
  let app: TestApp;
  let fx: ReturnType<typeof messagingFixtures>;
  let http: ReturnType<typeof attachmentHttp>;
  /** law-enforcement: KZ and TJ. border-control: UZ. Secretariat: not addressed. */
  let kz: Party;
  let tj: Party;
  let uz: Party;
  let secretariat: Party;
  const lawEnforcement = { networkKey: 'law-enforcement' };

  beforeAll(async () => {
    await initCrypto();
    app = await startTestApp({
      env: { ATTACHMENT_MAX_BYTES: String(MAX_BYTES), ATTACHMENT_MAX_UNFINISHED_UPLOADS: '4' },
    });
    fx = messagingFixtures(app);
    http = attachmentHttp(app);
    const member = [{ key: 'law-enforcement', role: 'primary' as const }];
    kz = await fx.person({ role: Role.FOCAL_POINT, state: 'KZ', networks: member });
    tj = await fx.person({ role: Role.FOCAL_POINT, state: 'TJ', networks: member });
    uz = await fx.person({
      role: Role.FOCAL_POINT,
      state: 'UZ',
      networks: [{ key: 'border-control' }],
    });
    secretariat = await fx.person({ role: Role.SECRETARIAT_OFFICER, state: null });
  });
  afterAll(() => app?.close());

  const extensionsOf = async (response: Response) =>
    ((await response.json()) as { errors: { extensions: Record<string, unknown> }[] }).errors[0]
      .extensions;

  it('uploads in chunks, refuses a chunk at the wrong offset (409) and keeps the offset; the addressed download it, nobody else', async () => {
    const { blob, reference } = await encryptedBlob(700_000);
    const id = await http.create(kz.token, blob.length);
    expect(await http.offset(kz.token, id)).toBe(0);
    expect((await http.patch(kz.token, id, 0, blob.subarray(0, 300_000))).status).toBe(204);

    // A reordered chunk: the third before the second.
    const reordered = await http.patch(kz.token, id, 600_000, blob.subarray(600_000));
    expect(reordered.status).toBe(409);
    expect(await extensionsOf(reordered)).toMatchObject({
      code: 'CONFLICT',
      reason: 'UPLOAD_OFFSET_MISMATCH',
      offset: 300_000,
    });
    expect(await http.offset(kz.token, id)).toBe(300_000);
    // Someone else cannot see or write it.
    expect(await http.offset(tj.token, id)).toBeNull();
    expect((await http.patch(tj.token, id, 300_000, blob.subarray(300_000))).status).toBe(404);
    expect(await http.offset(kz.token, id)).toBe(300_000);

    const last = await http.patch(kz.token, id, 300_000, blob.subarray(300_000));
    expect(last.status).toBe(204);
    expect(last.headers.get('upload-offset')).toBe(String(blob.length));
    expect(last.headers.get('tus-resumable')).toBe('1.0.0');

    const sent = await sendWithAttachments(fx, kz, lawEnforcement, [
      { id, ciphertextHash: hashOf(reference) },
    ]);
    expect(sent.errors).toBeUndefined();
    expect(sent.data!.sendMessage.message.attachments).toEqual([{ id, size: blob.length }]);

    // A recipient gets the blob, whole or a range of it.
    const whole = await http.download(tj.token, id);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-length')).toBe(String(blob.length));
    expect(whole.headers.get('cache-control')).toBe('no-store');
    expect(Buffer.from(await whole.arrayBuffer()).equals(blob)).toBe(true);
    // From inside the first stored part to the end (two parts: one per PATCH).
    const ranged = await http.download(tj.token, id, { range: 'bytes=250000-' });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get('content-range')).toBe(
      `bytes 250000-${blob.length - 1}/${blob.length}`,
    );
    expect(Buffer.from(await ranged.arrayBuffer()).equals(blob.subarray(250_000))).toBe(true);
    const middle = await http.download(tj.token, id, { range: 'bytes=100-199' });
    expect(Buffer.from(await middle.arrayBuffer()).equals(blob.subarray(100, 200))).toBe(true);
    expect((await http.download(tj.token, id, { range: `bytes=${blob.length}-` })).status).toBe(
      416,
    );

    // Another focal point, and the Secretariat (not addressed): as if it did not exist.
    const unknown = await http.download(tj.token, randomUUID());
    expect(unknown.status).toBe(404);
    const unknownBody = await unknown.json();
    for (const outsider of [uz, secretariat]) {
      const refused = await http.download(outsider.token, id);
      expect(refused.status).toBe(404);
      expect(await refused.json()).toEqual(unknownBody);
    }
    expect(unknownBody).toEqual({
      errors: [
        {
          message: 'No such attachment',
          extensions: { code: 'NOT_FOUND', reason: 'ATTACHMENT_NOT_FOUND' },
        },
      ],
    });
    // Without a token: the same answer as every other route.
    expect((await fetch(`${app.url}/attachments/${id}`)).status).toBe(401);

    // Every fetch is on the record: who, which bytes, for which message; refusals fetch nothing.
    const fetched = await withPgClient(app.database.ownerUrl, async (client) => {
      const { rows } = await client.query<{ actor_id: string; details: Record<string, unknown> }>(
        `SELECT actor_id, details FROM (
           SELECT type, subject_id, actor_id, details, occurred_at FROM audit_pending
           UNION ALL SELECT type, subject_id, actor_id, details, occurred_at FROM audit_entry) e
          WHERE type = 'ATTACHMENT_DOWNLOADED' AND subject_id = $1
          ORDER BY occurred_at`,
        [id],
      );
      return rows;
    });
    // The test's clock stands still, so the three share one time: compared by range, not order.
    const ranges = fetched.map((row) => [row.actor_id, row.details.start, row.details.end]);
    expect(ranges.sort((a, b) => Number(a[1]) - Number(b[1]))).toEqual([
      [tj.account.id, 0, blob.length],
      [tj.account.id, 100, 200],
      [tj.account.id, 250_000, blob.length],
    ]);
    expect(fetched[0].details.messageId).toEqual(expect.any(String));
  });

  it('refuses a truncated upload at send (ATTACHMENT_INCOMPLETE) and stores nothing', async () => {
    const { blob, reference } = await encryptedBlob(200_000);
    const id = await http.create(kz.token, blob.length);
    expect((await http.patch(kz.token, id, 0, blob.subarray(0, blob.length - 100))).status).toBe(
      204,
    );
    const before = await messagingRowCounts(app);
    const refused = await sendWithAttachments(fx, kz, lawEnforcement, [
      { id, ciphertextHash: hashOf(reference) },
    ]);
    expect(refused.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'ATTACHMENT_INCOMPLETE',
      field: 'attachments.0.id',
    });
    expect(await messagingRowCounts(app)).toEqual(before);
    expect((await attachmentRows(app)).find((row) => row.id === id)).toMatchObject({
      status: 'uploading',
      message_id: null,
    });
  });

  it('refuses bytes swapped between two chunks (offsets right) at send: ATTACHMENT_HASH_MISMATCH', async () => {
    const { blob, reference } = await encryptedBlob(300_000);
    const half = Math.floor(blob.length / 2);
    const id = await http.create(kz.token, blob.length);
    const first = blob.subarray(0, half);
    const second = blob.subarray(half, 2 * half);
    // The halves exchanged, each sent at the "right" offset for its length.
    expect((await http.patch(kz.token, id, 0, second)).status).toBe(204);
    expect((await http.patch(kz.token, id, half, first)).status).toBe(204);
    if (blob.length > 2 * half) {
      expect((await http.patch(kz.token, id, 2 * half, blob.subarray(2 * half))).status).toBe(204);
    }
    const before = await messagingRowCounts(app);
    const refused = await sendWithAttachments(fx, kz, lawEnforcement, [
      { id, ciphertextHash: hashOf(reference) },
    ]);
    expect(refused.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'ATTACHMENT_HASH_MISMATCH',
      field: 'attachments.0.ciphertextHash',
    });
    expect(await messagingRowCounts(app)).toEqual(before);
    expect((await attachmentRows(app)).find((row) => row.id === id)?.message_id).toBeNull();
  });

  it('refuses what is over the limit (413), metadata and a wrong protocol, and changes nothing', async () => {
    const rowsBefore = await attachmentRows(app);
    const tooLarge = await http.call(kz.token, 'POST', '/attachments', {
      'Upload-Length': String(MAX_BYTES + 1),
    });
    expect(tooLarge.status).toBe(413);
    expect(await extensionsOf(tooLarge)).toMatchObject({ reason: 'ATTACHMENT_TOO_LARGE' });
    const named = await http.call(kz.token, 'POST', '/attachments', {
      'Upload-Length': '10',
      'Upload-Metadata': `filename ${Buffer.from('secret-plan.pdf').toString('base64')}`,
    });
    expect(named.status).toBe(400);
    expect(await extensionsOf(named)).toMatchObject({ reason: 'UPLOAD_METADATA_REFUSED' });
    const noVersion = await fetch(`${app.url}/attachments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${kz.token}`, 'Upload-Length': '10' },
    });
    expect(noVersion.status).toBe(412);
    expect(noVersion.headers.get('tus-version')).toBe('1.0.0');
    expect(await attachmentRows(app)).toEqual(rowsBefore);

    // A body past the declared length: refused before a byte is kept.
    const id = await http.create(kz.token, 1000);
    const past = await http.patch(kz.token, id, 0, Buffer.alloc(1001, 7));
    expect(past.status).toBe(413);
    expect(await extensionsOf(past)).toMatchObject({ reason: 'UPLOAD_PAST_LENGTH' });
    expect(await http.offset(kz.token, id)).toBe(0);
    expect((await http.call(kz.token, 'DELETE', `/attachments/${id}`)).status).toBe(204);
    expect(await http.offset(kz.token, id)).toBeNull();

    const options = await fetch(`${app.url}/attachments`, { method: 'OPTIONS' });
    expect(options.status).toBe(204);
    expect(options.headers.get('tus-max-size')).toBe(String(MAX_BYTES));
  });

  it('resumes an interrupted upload from the offset HEAD gives', async () => {
    const { blob, reference } = await encryptedBlob(1_500_000);
    const id = await http.create(kz.token, blob.length);
    // 1.2 MB sent of the 1.5 MB announced, then the connection drops.
    await http.interruptedPatch(kz.token, id, 0, blob.subarray(0, 1_200_000), blob.length);
    // What arrived before the drop is kept: wait until the server has written all of it.
    let previous = -1;
    const kept = await eventually(async () => {
      const at = await http.offset(kz.token, id);
      const settled = at !== null && at > 0 && at === previous;
      previous = at ?? -1;
      await new Promise((resolve) => setTimeout(resolve, 200));
      return settled ? at : undefined;
    });
    expect(kept).toBeLessThanOrEqual(1_200_000);
    expect((await http.patch(kz.token, id, kept, blob.subarray(kept))).status).toBe(204);
    const sent = await sendWithAttachments(fx, kz, lawEnforcement, [
      { id, ciphertextHash: hashOf(reference) },
    ]);
    expect(sent.errors).toBeUndefined();
    const downloaded = await http.download(tj.token, id);
    expect(Buffer.from(await downloaded.arrayBuffer()).equals(blob)).toBe(true);
  });

  it('links only your own, unused uploads; a retried send is still a duplicate', async () => {
    const { blob, reference } = await encryptedBlob(50_000);
    const id = await http.upload(kz.token, blob);
    const link = [{ id, ciphertextHash: hashOf(reference) }];

    // TJ names KZ's upload: as if it did not exist.
    const foreign = await sendWithAttachments(fx, tj, lawEnforcement, link);
    expect(foreign.errors?.[0].extensions).toMatchObject({
      code: 'NOT_FOUND',
      reason: 'ATTACHMENT_NOT_FOUND',
    });

    const recipients = await fx.recipientsFor(kz, { to: lawEnforcement });
    const envelope = JSON.stringify(
      fx.envelope(kz.devices[0], recipients, {
        messageId: randomUUID(),
        threadId: randomUUID(),
      }),
    );
    const input = { envelope, to: lawEnforcement, attachments: link };
    const first = await kz.client.request(SEND_WITH_ATTACHMENTS, { input });
    expect(first.errors).toBeUndefined();
    const retry = await kz.client.request(SEND_WITH_ATTACHMENTS, { input });
    expect(retry.data?.sendMessage.duplicate).toBe(true);

    const again = await sendWithAttachments(fx, kz, lawEnforcement, link);
    expect(again.errors?.[0].extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'ATTACHMENT_IN_USE',
    });
    // Linked: no longer removable.
    const removal = await http.call(kz.token, 'DELETE', `/attachments/${id}`);
    expect(removal.status).toBe(409);
  });

  it('caps unfinished uploads per account', async () => {
    for (let i = 0; i < 4; i++) await http.create(uz.token, 10);
    const refused = await http.call(uz.token, 'POST', '/attachments', { 'Upload-Length': '10' });
    expect(refused.status).toBe(429);
    expect(await extensionsOf(refused)).toMatchObject({ reason: 'TOO_MANY_UNFINISHED_UPLOADS' });
  });

  it('lets the application role add and remove stored bytes, never change them', async () => {
    await withPgClient(app.database.appUrl, async (client) => {
      await expect(client.query('UPDATE attachment_part SET bytes = bytes')).rejects.toThrow(
        /permission denied/,
      );
      await expect(client.query('TRUNCATE attachment_part')).rejects.toThrow(/permission denied/);
      await expect(client.query('TRUNCATE attachment CASCADE')).rejects.toThrow(
        /permission denied/,
      );
    });
  });

  it('removes uploads no message carries after 24 hours, by the clock', async () => {
    const linkedBefore = (await attachmentRows(app)).filter((row) => row.message_id !== null);
    expect(linkedBefore.length).toBeGreaterThan(0);
    const sweeper = app.worker!.get(AttachmentSweeper);
    expect(await sweeper.sweep(app.clock.now())).toBe(0);
    app.clock.advance(24 * 3_600_000 + 1000);
    expect(await sweeper.sweep(app.clock.now())).toBeGreaterThan(0);
    const rows = await attachmentRows(app);
    expect(rows.map((row) => row.id).sort()).toEqual(linkedBefore.map((row) => row.id).sort());
    expect(rows.every((row) => row.parts > 0)).toBe(true);
  });
});
