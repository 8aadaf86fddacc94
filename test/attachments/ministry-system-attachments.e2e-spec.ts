import { generateDeviceKeys, initCrypto } from '@fpn/crypto';
import { Role } from '@fpn/identity';
import { GraphqlTestClient, startTestApp, type TestApp } from '@fpn/testing';
import { messagingFixtures, type Party } from '../messaging/messaging-fixtures';
import { BIND, ISSUE } from '../messaging/webhook-fixtures';
import { attachmentHttp, encryptedBlob, hashOf, sendWithAttachments } from './attachment-fixtures';

/**
 * A ministry system's API credential uploads and downloads as the account
 * that issued it, under the same policy: MESSAGES_SEND to upload,
 * MESSAGES_READ to download what its device was sent; a credential without
 * them is refused.
 */
describe('attachments for a ministry system (API credential)', () => {
  let app: TestApp;
  let fx: ReturnType<typeof messagingFixtures>;
  let http: ReturnType<typeof attachmentHttp>;
  let coordinator: Party;
  let tj: Party;
  let system: Party;
  let directoryOnly: string;
  const lawEnforcement = { networkKey: 'law-enforcement' };

  beforeAll(async () => {
    await initCrypto();
    app = await startTestApp();
    fx = messagingFixtures(app);
    http = attachmentHttp(app);
    const member = [{ key: 'law-enforcement', role: 'primary' as const }];
    coordinator = await fx.person({ role: Role.STATE_COORDINATOR, state: 'KZ', networks: member });
    tj = await fx.person({ role: Role.FOCAL_POINT, state: 'TJ', networks: member });
    const { issueApiCredential } = await coordinator.client.query(ISSUE, {
      operations: ['MESSAGES_READ', 'MESSAGES_SEND'],
    });
    const device = generateDeviceKeys('customs-case-system');
    await coordinator.client.query(BIND, {
      id: issueApiCredential.credential.id,
      c: fx.certificate(coordinator, device),
    });
    system = {
      account: coordinator.account,
      client: new GraphqlTestClient(`${app.url}/graphql`).asBearer(issueApiCredential.secret),
      token: issueApiCredential.secret,
      identity: coordinator.identity,
      devices: [device],
    };
    directoryOnly = (await coordinator.client.query(ISSUE, { operations: ['DIRECTORY_READ'] }))
      .issueApiCredential.secret;
  });
  afterAll(() => app?.close());

  it('uploads and sends with MESSAGES_SEND; the recipient downloads it', async () => {
    const { blob, reference } = await encryptedBlob(100_000);
    const id = await http.upload(system.token, blob);
    const sent = await sendWithAttachments(fx, system, lawEnforcement, [
      { id, ciphertextHash: hashOf(reference) },
    ]);
    expect(sent.errors).toBeUndefined();
    const downloaded = await http.download(tj.token, id);
    expect(downloaded.status).toBe(200);
    expect(Buffer.from(await downloaded.arrayBuffer()).equals(blob)).toBe(true);
  });

  it('downloads with MESSAGES_READ what was sent to the account it acts for', async () => {
    const { blob, reference } = await encryptedBlob(80_000);
    const id = await http.upload(tj.token, blob);
    expect(
      (
        await sendWithAttachments(fx, tj, lawEnforcement, [
          { id, ciphertextHash: hashOf(reference) },
        ])
      ).errors,
    ).toBeUndefined();
    const downloaded = await http.download(system.token, id);
    expect(downloaded.status).toBe(200);
    expect(Buffer.from(await downloaded.arrayBuffer()).equals(blob)).toBe(true);
  });

  it('refuses a credential without the messaging operations', async () => {
    const { blob } = await encryptedBlob(1000);
    const creation = await http.call(directoryOnly, 'POST', '/attachments', {
      'Upload-Length': String(blob.length),
    });
    expect(creation.status).toBe(403);
    const id = await http.upload(tj.token, blob);
    expect((await http.download(directoryOnly, id)).status).toBe(403);
  });
});
