import { Role } from '@fpn/identity';
import {
  createTestAccount,
  gql,
  signInTestAccount,
  startApiReplica,
  startTestApp,
  type TestAccount,
  type TestApp,
  TestSubscriptionSocket,
} from '@fpn/testing';

const SUSPEND = gql<{ suspendUser: { status: string } }, { id: string }>`
  mutation Suspend($id: ID!) {
    suspendUser(userId: $id, reason: "Credentials lost") {
      status
    }
  }
`;
const LOGOUT = gql<{ logout: boolean }>`
  mutation {
    logout
  }
`;
const NOTIFICATION_ADDED = gql<{ notificationAdded: { id: string } }>`
  subscription {
    notificationAdded {
      id
    }
  }
`;
const NOT_A_SUBSCRIPTION = gql<{ me: { email: string } }>`
  {
    me {
      email
    }
  }
`;

/** Whether the socket is still open after a moment (a close would have arrived by then). */
async function stillOpen(socket: TestSubscriptionSocket, ms = 500): Promise<boolean> {
  const closed = await Promise.race([
    socket.closed.then(() => true),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms)),
  ]);
  return !closed;
}

describe('subscription sockets: authenticated at connection, closed when sessions end', () => {
  let app: TestApp;
  let replica: Awaited<ReturnType<typeof startApiReplica>>;
  let admin: TestAccount;
  const sockets: TestSubscriptionSocket[] = [];
  const open = (url: string, token?: string) => {
    const socket = new TestSubscriptionSocket(url, token);
    sockets.push(socket);
    return socket;
  };

  beforeAll(async () => {
    app = await startTestApp({ worker: false });
    // The replica (another process, same PostgreSQL and Redis) runs on the system clock.
    app.clock.set(new Date());
    replica = await startApiReplica(app);
    admin = await createTestAccount(app, {
      email: 'admin@secretariat.example',
      role: Role.SECRETARIAT_ADMIN,
    });
  });
  afterAll(async () => {
    await Promise.all(sockets.map((socket) => socket.close().catch(() => undefined)));
    await replica?.close();
    await app?.close();
  });

  it('refuses a connection without a valid access token', async () => {
    expect(await open(app.url).closed).toMatchObject({ code: 4403 });
    expect(await open(app.url, 'not-a-token').closed).toMatchObject({ code: 4403 });
  });

  it('serves subscriptions only, with the same limits and error codes as HTTP', async () => {
    const focal = await createTestAccount(app, {
      email: 'limits@police.kz.example',
      role: Role.FOCAL_POINT,
      memberStateCode: 'KZ',
    });
    const { accessToken } = await signInTestAccount(app, focal);
    const socket = open(app.url, accessToken);
    await socket.connected;
    await expect(socket.subscribe(NOT_A_SUBSCRIPTION).next()).rejects.toEqual([
      expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT' } }),
    ]);
    // One root field with 50 aliased sub-fields: only the alias limit is broken.
    const aliases = Array.from({ length: 50 }, (_, i) => `a${i}: id`).join(' ');
    const refused = await socket
      .subscribe(gql<unknown>`subscription { notificationAdded { ${aliases} } }`)
      .next()
      .then(
        () => [],
        (errors: { message: string; extensions: unknown }[]) => errors,
      );
    expect(refused).toEqual([
      {
        message: expect.stringMatching(/aliases/i),
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
      },
    ]);
    expect(await stillOpen(socket)).toBe(true);
  });

  it('closes a socket whose message is over HTTP_BODY_LIMIT_BYTES', async () => {
    const focal = await createTestAccount(app, {
      email: 'oversize@police.kz.example',
      role: Role.FOCAL_POINT,
      memberStateCode: 'KZ',
    });
    const { accessToken } = await signInTestAccount(app, focal);
    const socket = open(app.url, accessToken);
    await socket.connected;
    const padding = 'x'.repeat(app.config.http.bodyLimitBytes);
    socket.subscribe(gql<unknown>`subscription { notificationAdded { id } } # ${padding}`);
    expect(await socket.closed).toMatchObject({ code: 1009 });
  });

  it('logout closes the sockets of that session on every replica, and only those', async () => {
    const focal = await createTestAccount(app, {
      email: 'logout@police.kz.example',
      role: Role.FOCAL_POINT,
      memberStateCode: 'KZ',
    });
    const first = await signInTestAccount(app, focal);
    const second = await signInTestAccount(app, focal);
    const here = open(app.url, first.accessToken);
    const there = open(replica.url, first.accessToken);
    const otherSession = open(replica.url, second.accessToken);
    await Promise.all([here.connected, there.connected, otherSession.connected]);

    await first.client.query(LOGOUT);
    expect(await here.closed).toEqual({ code: 4401, reason: 'Session ended' });
    expect(await there.closed).toEqual({ code: 4401, reason: 'Session ended' });
    expect(await stillOpen(otherSession)).toBe(true);
  });

  it('suspension closes every socket of the user on every replica at once', async () => {
    const focal = await createTestAccount(app, {
      email: 'suspended@fiu.kz.example',
      role: Role.FOCAL_POINT,
      memberStateCode: 'KZ',
    });
    const bystander = await createTestAccount(app, {
      email: 'bystander@fiu.kz.example',
      role: Role.FOCAL_POINT,
      memberStateCode: 'KZ',
    });
    const sessions = [await signInTestAccount(app, focal), await signInTestAccount(app, focal)];
    const mine = [
      open(app.url, sessions[0].accessToken),
      open(replica.url, sessions[0].accessToken),
      open(replica.url, sessions[1].accessToken),
    ];
    const theirs = open(replica.url, (await signInTestAccount(app, bystander)).accessToken);
    await Promise.all([...mine, theirs].map((socket) => socket.connected));

    // An open subscription on the way: it ends with its socket.
    const stream = mine[1].subscribe(NOTIFICATION_ADDED);
    await new Promise((resolve) => setTimeout(resolve, 200));

    const adminSession = await signInTestAccount(app, admin);
    await adminSession.client.query(SUSPEND, { id: focal.id });

    for (const socket of mine) expect(await socket.closed).toMatchObject({ code: 4401 });
    await expect(stream.next()).rejects.toMatchObject({ code: 4401 });
    expect(await stillOpen(theirs)).toBe(true);
    // A new connection with the old token is refused too.
    expect(await open(replica.url, sessions[1].accessToken).closed).toMatchObject({ code: 4403 });
  });
});
