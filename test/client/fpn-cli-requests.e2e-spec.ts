import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { initCrypto } from '@fpn/crypto';
import { Role } from '@fpn/identity';
import {
  addDirectoryEntry,
  createTestAccount,
  gql,
  signInTestAccount,
  startTestApp,
  type TestAccount,
  type TestApp,
  totpCodeNow,
} from '@fpn/testing';
import { fpn, json } from './fpn-process';

const ISSUE = gql<{ issueApiCredential: { credential: { id: string }; secret: string } }>`
  mutation {
    issueApiCredential(
      input: {
        name: "Customs case system"
        memberStateCode: "KZ"
        networkKeys: ["law-enforcement"]
        operations: [MESSAGES_READ, MESSAGES_SEND, WEBHOOKS_MANAGE]
      }
    ) {
      credential {
        id
      }
      secret
    }
  }
`;

interface RequestJson {
  messageId: string;
  sentAt: string;
  dueAt: string;
  dueChosenBySender: boolean;
  closedAt: string | null;
  states: { memberStateCode: string; status: string; answeredOnTime: boolean | null }[];
}

/**
 * Requests for assistance and ministry webhooks from the command line: a
 * Kazakh focal point asks Tajikistan and Uzbekistan, Tajikistan answers,
 * the sender follows the status per state and closes it; the Secretariat
 * reads the statistics and sets the network's deadlines; a ministry system
 * (an API credential whose device the issuing coordinator certified) reads,
 * sends and registers a webhook.
 */
// Each step is a process start (~0.5 s) plus the keystore's Argon2id: generous for a loaded CI machine.
jest.setTimeout(180_000);

describe('fpn: requests and webhooks', () => {
  let app: TestApp;
  let kz: TestAccount;
  let tj: TestAccount;
  let uz: TestAccount;
  let admin: TestAccount;
  let coordinator: TestAccount;
  const homes: Record<string, string> = {};
  type Who = 'kz' | 'tj' | 'uz' | 'admin' | 'coordinator' | 'system';

  beforeAll(async () => {
    await initCrypto();
    app = await startTestApp({ env: { WEBHOOKS_ALLOW_PRIVATE_TARGETS: 'true' } });
    const person = async (name: string, state: string) => {
      const account = await createTestAccount(app, {
        email: `${name}@cli-requests.example`,
        role: Role.FOCAL_POINT,
        memberStateCode: state,
      });
      await addDirectoryEntry(app, account, [{ key: 'law-enforcement' }]);
      return account;
    };
    kz = await person('aigerim.sadykova', 'KZ');
    tj = await person('farrukh.nazarov', 'TJ');
    uz = await person('bekzod.tursunov', 'UZ');
    admin = await createTestAccount(app, {
      email: 'registry@cli-requests.example',
      role: Role.SECRETARIAT_ADMIN,
    });
    coordinator = await createTestAccount(app, {
      email: 'coordinator@cli-requests.example',
      role: Role.STATE_COORDINATOR,
      memberStateCode: 'KZ',
    });
    await addDirectoryEntry(app, coordinator, [{ key: 'law-enforcement' }]);
    for (const name of ['kz', 'tj', 'uz', 'admin', 'coordinator', 'system'] as const) {
      homes[name] = await mkdtemp(path.join(tmpdir(), `fpn-req-${name}-`));
    }
  });
  afterAll(async () => {
    await app?.close();
    await Promise.all(Object.values(homes).map((home) => rm(home, { recursive: true })));
  });

  const as = (who: Who, args: string[], stdin?: string, env?: Record<string, string>) =>
    fpn(homes[who], args, stdin, env);
  const login = async (who: Who, account: TestAccount) => {
    const args = ['login', '--server', app.url, '--email', account.email];
    if (account.totpSecret) {
      app.clock.advance(30_000);
      args.push('--totp', await totpCodeNow(app, account.totpSecret));
    }
    expect((await as(who, args, `${account.password}\n`)).status).toBe(0);
  };

  it('a request: due by the network policy, answered by one state, closed; statistics and policy', async () => {
    await login('kz', kz);
    await login('tj', tj);
    await login('uz', uz);
    await login('admin', admin);
    for (const who of ['kz', 'tj', 'uz'] as const) {
      expect((await as(who, ['keys', 'init'])).status).toBe(0);
    }
    const from = app.clock.now();

    const sent = json(
      await as('kz', [
        'send',
        '--network',
        'law-enforcement',
        '--states',
        'TJ,UZ',
        '--category',
        'request-for-assistance',
        '--priority',
        'urgent',
        '--directly-accessible',
        '--subject',
        'Vehicle registration check',
        '--text',
        'Owner of UZ 01 A 777 AA, please.',
        '--accept-new',
        '--json',
      ]),
    ) as { messageId: string };

    let request = json(
      await as('kz', ['request', 'status', sent.messageId, '--json']),
    ) as never as RequestJson;
    // Urgent and directly accessible: the default policy gives 8 hours.
    expect(Date.parse(request.dueAt) - Date.parse(request.sentAt)).toBe(8 * 3600_000);
    expect(request.dueChosenBySender).toBe(false);
    expect(request.states.map((s) => [s.memberStateCode, s.status])).toEqual([
      ['TJ', 'OPEN'],
      ['UZ', 'OPEN'],
    ]);
    const readable = await as('kz', ['request', 'status', sent.messageId]);
    expect(readable.out).toMatch(/due .* \(network policy\), directly accessible/);
    expect(readable.out).toMatch(/ {2}TJ {2}OPEN/);

    // A reply flagged as the answer on something that is not a reply is refused.
    const notAReply = await as('tj', [
      'send',
      '--network',
      'law-enforcement',
      '--states',
      'UZ',
      '--answer',
      '--subject',
      'x',
      '--text',
      'x',
      '--accept-new',
    ]);
    expect(notAReply.status).toBe(2);
    expect(notAReply.err).toContain('BAD_USER_INPUT');

    expect((await as('tj', ['inbox'])).status).toBe(0);
    app.clock.advance(2 * 3600_000);
    const answered = await as('tj', [
      'reply',
      sent.messageId,
      '--answer',
      '--text',
      'Registered to a leasing company in Tashkent; details attached.',
      '--accept-new',
    ]);
    expect(answered.status).toBe(0);

    request = json(await as('uz', ['request', 'status', sent.messageId, '--json'])) as never;
    // An addressed state sees its own line only.
    expect(request.states).toEqual([
      expect.objectContaining({ memberStateCode: 'UZ', status: 'OPEN' }),
    ]);
    request = json(await as('kz', ['request', 'status', sent.messageId, '--json'])) as never;
    expect(request.states).toEqual([
      expect.objectContaining({ memberStateCode: 'TJ', status: 'ANSWERED', answeredOnTime: true }),
      expect.objectContaining({ memberStateCode: 'UZ', status: 'OPEN' }),
    ]);

    // Only the sender closes it.
    const notTheirs = await as('tj', ['request', 'close', sent.messageId]);
    expect(notTheirs.status).toBe(2);
    request = json(await as('kz', ['request', 'close', sent.messageId, '--json'])) as never;
    expect(request.closedAt).not.toBeNull();
    expect(request.states.map((s) => s.status)).toEqual(['ANSWERED', 'CLOSED']);

    // The Secretariat's figures: counts and durations.
    const to = new Date(app.clock.now().getTime() + 1000).toISOString();
    const stats = json(
      await as('admin', [
        'request',
        'stats',
        '--from',
        from.toISOString(),
        '--to',
        to,
        '--network',
        'law-enforcement',
        '--json',
      ]),
    ) as never as Record<string, unknown>[];
    const row = (state: string) => stats.find((line) => line.memberStateCode === state);
    expect(row('KZ')).toMatchObject({ messagesSent: 1, requestsSent: 1 });
    expect(row('TJ')).toMatchObject({
      requestsReceived: 1,
      requestsAnswered: 1,
      requestsAnsweredOnTime: 1,
      shareAnsweredOnTime: 1,
      secondsToAnswer80Percent: 7200,
    });
    expect(row('UZ')).toMatchObject({ requestsReceived: 1, requestsAnswered: 0 });
    const table = await as('admin', ['request', 'stats', '--from', from.toISOString(), '--to', to]);
    expect(table.out).toMatch(/law-enforcement\s+TJ\s+1\s+0\s+1\s+1\s+100 %\s+2\.0 h/);
    // Nobody else reads them.
    expect((await as('kz', ['request', 'stats'])).err).toContain('FORBIDDEN');

    // Deadlines per network: everyone reads them, the Secretariat changes them.
    expect((await as('kz', ['request', 'policy', 'law-enforcement'])).out).toContain(
      'urgent, directly accessible 8 h; urgent 72 h; otherwise 168 h',
    );
    const refused = await as('kz', ['request', 'policy', 'law-enforcement', '--routine', '4320']);
    expect(refused.status).toBe(2);
    expect(refused.err).toContain('FORBIDDEN');
    const policy = json(
      await as('admin', ['request', 'policy', 'law-enforcement', '--routine', '4320', '--json']),
    );
    expect(policy).toMatchObject({ custom: true, routineMinutes: 4320, urgentDirectMinutes: 480 });
    expect(
      (await as('admin', ['request', 'policy', 'law-enforcement', '--routine', 'soon'])).err,
    ).toContain('--routine is a whole number of minutes');
  });

  it('a ministry system: device certified by its coordinator, receives and sends, manages its webhook', async () => {
    // The coordinator issues the credential; the system acts with it, not with a person's session.
    await login('coordinator', coordinator);
    expect((await as('coordinator', ['keys', 'init'])).status).toBe(0);
    const { client: coordinatorClient } = await signInTestAccount(app, coordinator);
    const { issueApiCredential } = await coordinatorClient.query(ISSUE);
    const asSystem = (args: string[]) =>
      as('system', [...args, '--server', app.url], '', {
        FPN_API_CREDENTIAL: issueApiCredential.secret,
      });

    // No certified device yet: nothing to deliver to.
    const early = await asSystem(['webhooks', 'register', 'https://127.0.0.1:8443/fpn']);
    expect(early.status).toBe(2);
    expect(early.err).toContain('CONFLICT (NO_BOUND_DEVICE)');

    // The system makes device keys and a request; the coordinator's identity certifies them.
    const request = json(await asSystem(['keys', 'init', '--json'])) as Record<string, string>;
    expect(request).toMatchObject({
      apiCredentialId: issueApiCredential.credential.id,
      accountId: coordinator.id,
    });
    expect(JSON.stringify(request)).not.toMatch(/seed|secret/i);
    const requestFile = path.join(homes.system, `system-device-${request.deviceId}.json`);
    const forged = path.join(homes.system, 'forged.json');
    await writeFile(
      forged,
      JSON.stringify({ ...request, identityPublicKey: request.signingPublicKey }),
    );
    const refused = await as('coordinator', ['keys', 'certify-system', forged]);
    expect(refused.err).toContain('CLIENT_DEVICE_REQUEST_MISMATCH');
    const certified = await as('coordinator', ['keys', 'certify-system', requestFile]);
    expect(certified.out).toContain(`Certified ministry-system device ${request.deviceId}`);
    expect((await asSystem(['keys', 'show', '--json'])).out).toContain('"certificateValid": true');

    // Addressed to Kazakhstan: the system reads it like a device of the coordinator.
    const toKz = json(
      await as('tj', [
        'send',
        '--network',
        'law-enforcement',
        '--states',
        'KZ',
        '--subject',
        'Seizure at Dusti',
        '--text',
        '42 kg, lorry TJ 0101 AA.',
        '--accept-new',
        '--json',
      ]),
    ) as { messageId: string };
    const systemInbox = await asSystem(['inbox']);
    expect(systemInbox.out).toContain(toKz.messageId);
    expect(systemInbox.out).toContain('Seizure at Dusti');
    const sentBySystem = json(
      await asSystem([
        'send',
        '--network',
        'law-enforcement',
        '--states',
        'TJ',
        '--subject',
        'Case 2026/118 opened',
        '--text',
        'Customs case system: file opened.',
        '--accept-new',
        '--json',
      ]),
    ) as { messageId: string };
    const tjRead = await as('tj', ['read', sentBySystem.messageId]);
    expect(tjRead.out).toContain('Customs case system: file opened.');

    const registered = json(
      await asSystem(['webhooks', 'register', 'https://127.0.0.1:8443/fpn', '--json']),
    ) as { webhook: { id: string; url: string }; secret: string };
    expect(registered.webhook.url).toBe('https://127.0.0.1:8443/fpn');
    expect(registered.secret.length).toBeGreaterThanOrEqual(32);

    const listed = await asSystem(['webhooks', 'list']);
    expect(listed.out).toMatch(
      new RegExp(`${registered.webhook.id}\\s+https://127.0.0.1:8443/fpn\\s+0\\s+0`),
    );
    // The secret is shown once and never again.
    expect(listed.out).not.toContain(registered.secret);

    // A person's session cannot manage a system's webhooks; the Secretariat sees the figures.
    expect((await as('admin', ['webhooks', 'list'])).err).toContain('FORBIDDEN');
    expect(json(await as('admin', ['webhooks', 'status', '--json']))).toMatchObject({
      failed: 0,
    });

    expect((await asSystem(['webhooks', 'delete', registered.webhook.id])).out).toBe(
      `Deleted webhook ${registered.webhook.id}.\n`,
    );
    expect((await asSystem(['webhooks', 'list'])).out).toBe('No webhooks.\n');
  });
});
