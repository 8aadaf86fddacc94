import { generateDeviceKeys, initCrypto } from '@fpn/crypto';
import { Role } from '@fpn/identity';
import {
  gql,
  GraphqlTestClient,
  startTestApp,
  type TestApp,
  TestSubscriptionSocket,
} from '@fpn/testing';
import {
  CONFIRM,
  INBOX,
  messagingFixtures,
  openAs,
  type Party,
  RECEIVED,
  STATUS,
} from './messaging-fixtures';

const ISSUE = gql<{ issueApiCredential: { credential: { id: string }; secret: string } }>`
  mutation {
    issueApiCredential(
      input: {
        name: "Customs case system"
        memberStateCode: "KZ"
        networkKeys: ["law-enforcement"]
        operations: [MESSAGES_READ, MESSAGES_SEND]
      }
    ) {
      credential {
        id
      }
      secret
    }
  }
`;
const BIND = gql<{ bindApiCredentialDevice: { deviceId: string } }, { id: string; c: object }>`
  mutation ($id: ID!, $c: DeviceCertificateInput!) {
    bindApiCredentialDevice(apiCredentialId: $id, certificate: $c) {
      deviceId
    }
  }
`;
const REVOKE = gql<{ revokeApiCredential: { id: string } }, { id: string }>`
  mutation ($id: ID!) {
    revokeApiCredential(id: $id) {
      id
    }
  }
`;
const AUDIENCE = gql<{ messageAudience: string[] }, { key: string }>`
  query ($key: String!) {
    messageAudience(to: { networkKey: $key })
  }
`;
const THREADS = gql<{ threads: { items: { id: string }[] } }>`
  {
    threads {
      items {
        id
      }
    }
  }
`;

/**
 * A ministry system: an API credential with a device bound to it, acting for
 * the coordinator who issued it. It receives what is addressed to that
 * account (live and by catch-up) and sends in the credential's networks.
 */
describe('a ministry system receives and sends through its bound device', () => {
  let app: TestApp;
  let fx: ReturnType<typeof messagingFixtures>;
  const sockets: TestSubscriptionSocket[] = [];
  let coordinator: Party;
  let tj: Party;
  let system: Party;
  let credentialId: string;

  beforeAll(async () => {
    await initCrypto();
    app = await startTestApp({ env: { MESSAGE_RELAY_POLL_MS: '200' } });
    fx = messagingFixtures(app);
    const member = [{ key: 'law-enforcement', role: 'primary' as const }];
    coordinator = await fx.person({ role: Role.STATE_COORDINATOR, state: 'KZ', networks: member });
    tj = await fx.person({ role: Role.FOCAL_POINT, state: 'TJ', networks: member });
    const { issueApiCredential } = await coordinator.client.query(ISSUE);
    credentialId = issueApiCredential.credential.id;
    const device = generateDeviceKeys('customs-case-system');
    await coordinator.client.query(BIND, {
      id: credentialId,
      c: fx.certificate(coordinator, device),
    });
    system = {
      account: coordinator.account,
      client: new GraphqlTestClient(`${app.url}/graphql`).asBearer(issueApiCredential.secret),
      token: issueApiCredential.secret,
      identity: coordinator.identity,
      devices: [device],
    };
  });
  afterAll(async () => {
    await Promise.all(sockets.map((socket) => socket.close().catch(() => undefined)));
    await app?.close();
  });

  it('receives what is sent to the account it acts for: live, and through its inbox', async () => {
    const socket = new TestSubscriptionSocket(app.url, system.token);
    sockets.push(socket);
    await socket.connected;
    const live = socket.subscribe(RECEIVED, { deviceId: system.devices[0].deviceId });
    await new Promise((resolve) => setTimeout(resolve, 200));

    const sent = await fx.sent(tj, { to: { networkKey: 'law-enforcement' }, body: 'for customs' });
    // The coordinator's own device and the system's.
    expect(sent).toMatchObject({ recipientAccounts: 1, recipientDevices: 2 });
    const { data, errors } = await live.next();
    expect(errors).toBeUndefined();
    expect(openAs(system.devices[0], data!.messageReceived.message)).toBe('for customs');

    const { inbox } = await system.client.query(INBOX, { deviceId: system.devices[0].deviceId });
    expect(inbox.items.map((item) => item.message.id)).toEqual([sent.message.id]);
    expect(
      (
        await system.client.query(CONFIRM, {
          deviceId: system.devices[0].deviceId,
          upTo: inbox.endCursor!,
        })
      ).confirmDelivery,
    ).toBe(1);
    // The coordinator's own device is not the system's to read.
    expect(
      await system.client.errorCodes(INBOX, { deviceId: coordinator.devices[0].deviceId }),
    ).toEqual(['NOT_FOUND']);
  });

  it('sends in its network as the account it acts for, and sees how its message fares', async () => {
    const sent = await fx.sent(system, {
      to: { networkKey: 'law-enforcement' },
      body: 'risk hit on a container',
    });
    // TJ, and the coordinator's own device (the sender's other device).
    expect(sent).toMatchObject({ recipientAccounts: 1, recipientDevices: 2 });
    expect(sent.message).toMatchObject({
      senderUserId: coordinator.account.id,
      senderDeviceId: system.devices[0].deviceId,
      senderMemberStateCode: 'KZ',
      senderDevice: { deviceId: system.devices[0].deviceId, userId: coordinator.account.id },
    });
    const { inbox } = await tj.client.query(INBOX, { deviceId: tj.devices[0].deviceId });
    const received = inbox.items.find((item) => item.message.id === sent.message.id)!;
    expect(openAs(tj.devices[0], received.message)).toBe('risk hit on a container');
    expect(openAs(coordinator.devices[0], sent.message)).toBe('risk hit on a container');

    expect(
      (await system.client.query(STATUS, { messageId: sent.message.id })).messageStatus.states,
    ).toEqual([{ memberStateCode: 'TJ', recipients: 1, delivered: 0, acknowledged: 0, read: 0 }]);
    const { threads } = await system.client.query(THREADS);
    expect(threads.items.map((thread) => thread.id)).toContain(sent.message.threadId);
    // Another network is outside its credential.
    const outside = await system.client.request(AUDIENCE, { key: 'border-control' });
    expect(outside.errors?.[0].extensions).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'NOT_A_MEMBER',
    });
  });

  it('stops receiving once its credential is revoked', async () => {
    await coordinator.client.query(REVOKE, { id: credentialId });
    const sent = await fx.sent(tj, { to: { networkKey: 'law-enforcement' } });
    // The coordinator's own device only: a revoked credential's device is not served.
    expect(sent).toMatchObject({ recipientAccounts: 1, recipientDevices: 1 });
    expect(await system.client.errorCodes(INBOX, { deviceId: system.devices[0].deviceId })).toEqual(
      ['UNAUTHENTICATED'],
    );
    // Nor may it open a socket any more.
    const socket = new TestSubscriptionSocket(app.url, system.token);
    sockets.push(socket);
    expect(await socket.closed).toMatchObject({ code: 4403 });
  });
});
