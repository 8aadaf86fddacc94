import {
  fingerprintDigits,
  generateIdentityKeyPair,
  type IdentityKeyPair,
  initCrypto,
  toBase64Url,
} from '@fpn/crypto';
import { Role } from '@fpn/identity';
import {
  addDirectoryEntry,
  createTestAccount,
  gql,
  type GraphqlTestClient,
  signInTestAccount,
  startApiReplica,
  startTestApp,
  type TestAccount,
  type TestApp,
  TestSubscriptionSocket,
  type TestSubscriptionStream,
} from '@fpn/testing';

interface KeyChange {
  userId: string;
  previousPublicKey: string;
  publicKey: string;
  previousFingerprint: string;
  fingerprint: string;
}

const KEY_CHANGED = gql<{ identityKeyChanged: KeyChange }>`
  subscription {
    identityKeyChanged {
      userId
      previousPublicKey
      publicKey
      previousFingerprint
      fingerprint
    }
  }
`;
const REGISTER = gql<{ registerIdentityKey: { userId: string } }, { k: string }>`
  mutation ($k: String!) {
    registerIdentityKey(publicKey: $k) {
      userId
    }
  }
`;
const CHANGE = gql<{ changeIdentityKey: { fingerprint: string } }, { k: string }>`
  mutation ($k: String!) {
    changeIdentityKey(publicKey: $k, confirm: true) {
      fingerprint
    }
  }
`;
const KEY_CHANGES = gql<{ keyChanges: KeyChange[] }>`
  {
    keyChanges {
      userId
      previousPublicKey
      publicKey
      previousFingerprint
      fingerprint
    }
  }
`;

interface Person {
  account: TestAccount;
  client: GraphqlTestClient;
  accessToken: string;
  identity: IdentityKeyPair;
}

/** What a person reads out: the 30 digits the client computes itself, in six groups of five. */
const readOut = (accountId: string, identity: IdentityKeyPair) =>
  fingerprintDigits({ accountId, identityPublicKey: identity.publicKey })
    .match(/\d{5}/g)!
    .join(' ');

describe('identity key changes, live over graphql-ws to those who share a network', () => {
  let app: TestApp;
  let replica: Awaited<ReturnType<typeof startApiReplica>>;
  const sockets: TestSubscriptionSocket[] = [];
  let serial = 0;
  /** KZ and TJ focal points share law-enforcement; KG and UZ ones share only border-control. */
  let kz: Person;
  let tj: Person;
  let kg: Person;
  let uz: Person;
  let secretariat: Person;

  async function person(role: Role, state: string | null, networkKey?: string): Promise<Person> {
    const account = await createTestAccount(app, {
      email: `live${++serial}@keys.example`,
      role,
      memberStateCode: state,
    });
    if (networkKey) await addDirectoryEntry(app, account, [{ key: networkKey }]);
    const session = await signInTestAccount(app, account);
    const identity = generateIdentityKeyPair();
    await session.client.query(REGISTER, { k: toBase64Url(identity.publicKey) });
    return { account, client: session.client, accessToken: session.accessToken, identity };
  }

  async function subscribe(who: Person, url = app.url) {
    const socket = new TestSubscriptionSocket(url, who.accessToken);
    sockets.push(socket);
    await socket.connected;
    return socket.subscribe(KEY_CHANGED);
  }

  /** Changes the person's key; returns the change as the others should hear it. */
  async function changeKey(who: Person): Promise<KeyChange> {
    const previous = who.identity;
    who.identity = generateIdentityKeyPair();
    const { changeIdentityKey } = await who.client.query(CHANGE, {
      k: toBase64Url(who.identity.publicKey),
    });
    expect(changeIdentityKey.fingerprint).toBe(readOut(who.account.id, who.identity));
    return {
      userId: who.account.id,
      previousPublicKey: toBase64Url(previous.publicKey),
      publicKey: toBase64Url(who.identity.publicKey),
      previousFingerprint: readOut(who.account.id, previous),
      fingerprint: readOut(who.account.id, who.identity),
    };
  }

  const next = async (stream: TestSubscriptionStream<{ identityKeyChanged: KeyChange }>) => {
    const result = await stream.next();
    expect(result.errors).toBeUndefined();
    return result.data!.identityKeyChanged;
  };

  beforeAll(async () => {
    await initCrypto();
    app = await startTestApp({ worker: false });
    // The replica (another process, same PostgreSQL and Redis) runs on the system clock.
    app.clock.set(new Date());
    replica = await startApiReplica(app);
    kz = await person(Role.FOCAL_POINT, 'KZ', 'law-enforcement');
    tj = await person(Role.FOCAL_POINT, 'TJ', 'law-enforcement');
    kg = await person(Role.FOCAL_POINT, 'KG', 'border-control');
    uz = await person(Role.FOCAL_POINT, 'UZ', 'border-control');
    secretariat = await person(Role.SECRETARIAT_OFFICER, null);
  });
  afterAll(async () => {
    await Promise.all(sockets.map((socket) => socket.close().catch(() => undefined)));
    await replica?.close();
    await app?.close();
  });

  it('reaches those who share a network, on any replica, and nobody else', async () => {
    const atKz = await subscribe(kz);
    // TJ listens on the other replica: the change crosses Redis.
    const atTj = await subscribe(tj, replica.url);
    const atKg = await subscribe(kg);
    // Give the subscriptions time to start listening.
    await new Promise((resolve) => setTimeout(resolve, 300));

    const kzChange = await changeKey(kz);
    expect(await next(atTj)).toEqual(kzChange);

    // KG shares no network with KZ: the first change KG hears is UZ's, in border-control.
    const uzChange = await changeKey(uz);
    expect(await next(atKg)).toEqual(uzChange);

    // A Secretariat account's change reaches everyone, since anyone may address it; and it
    // is the next thing KZ and TJ hear (neither heard UZ's, nor KZ its own).
    const secretariatChange = await changeKey(secretariat);
    expect(await next(atKz)).toEqual(secretariatChange);
    expect(await next(atTj)).toEqual(secretariatChange);
    expect(await next(atKg)).toEqual(secretariatChange);
  });

  it('keeps the catch-up query in step: keyChanges has the same changes, fingerprints and all', async () => {
    const { keyChanges } = await tj.client.query(KEY_CHANGES);
    const heard = keyChanges.map((change) => change.userId);
    expect(heard).toEqual(expect.arrayContaining([kz.account.id, secretariat.account.id]));
    expect(heard).not.toContain(uz.account.id);
    const kzChange = keyChanges.find((change) => change.userId === kz.account.id)!;
    expect(kzChange.fingerprint).toBe(readOut(kz.account.id, kz.identity));
  });
});
