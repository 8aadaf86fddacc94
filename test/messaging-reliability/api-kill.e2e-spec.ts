import { initCrypto } from '@fpn/crypto';
import {
  type ApiReplica,
  startApiReplica,
  startTripwireProxy,
  type TestApp,
  type TripwireProxy,
} from '@fpn/testing';
import {
  clientAt,
  type DeviceInbox,
  enrolMember,
  expectNetworkAudience,
  expectOneDeliveryRowEach,
  type Member,
  messageRowCounts,
  NETWORK,
  openInboxes,
  type Outgoing,
  receptionProblems,
  Roster,
  sealMessage,
  SEND_MESSAGE,
  sendSealed,
  startReliabilityApp,
  untilEveryDeviceHasEverything,
} from './fixtures';

/**
 * An api replica killed (SIGKILL) while a send is in flight, and the client
 * retrying the same envelope — the same message id — against another replica:
 * exactly one message, and the retry answers with it (`duplicate` when the
 * first attempt had committed).
 */
describe('the api killed mid-request, the client retrying with the same id', () => {
  let app: TestApp;
  let replicaB: ApiReplica;
  const killedReplicas: ApiReplica[] = [];
  let roster: Roster;
  let sender: Member;
  let inboxes: DeviceInbox[];

  beforeAll(async () => {
    await initCrypto();
    app = await startReliabilityApp();
    replicaB = await startApiReplica(app);
    roster = new Roster(
      await Promise.all([
        enrolMember(app, { state: 'KZ', devices: 2 }),
        enrolMember(app, { state: 'IN', devices: 2 }),
        enrolMember(app, { state: 'CN', devices: 1 }),
      ]),
    );
    sender = roster.members[0];
    await expectNetworkAudience(roster, sender);
    ({ inboxes } = openInboxes(roster));
    inboxes = inboxes.filter((inbox) => inbox.device !== sender.devices[0]);
  });
  afterAll(async () => {
    await Promise.all([replicaB, ...killedReplicas].map((replica) => replica?.close()));
    await app?.close();
  });

  const compose = (text: string) =>
    sealMessage({ from: sender.devices[0], to: roster.recipientsOf(sender.devices[0]), text });

  /** Did this message commit? Asked once the killed process is gone, so the answer is final. */
  const committed = async (messageId: string) =>
    (await messageRowCounts(app, [messageId])).get(messageId) === 1;

  /** Every device ends up with each message exactly once; one message row and one delivery row each. */
  async function expectExactlyOnce(sent: Outgoing[]) {
    const rows = await messageRowCounts(
      app,
      sent.map((message) => message.messageId),
    );
    expect(sent.map((message) => rows.get(message.messageId))).toEqual(sent.map(() => 1));
    await expectOneDeliveryRowEach(app, sent);
    expect(receptionProblems(inboxes)).toEqual([]);
    await untilEveryDeviceHasEverything(inboxes, sent, { catchUpUrl: replicaB.url });
    for (const inbox of inboxes) {
      await inbox.catchUp(replicaB.url);
      expect(inbox.listedTwice).toEqual([]);
    }
  }

  it('killed after committing, before the answer left: the retry gets the message, duplicate', async () => {
    const replicaA = await startApiReplica(app);
    killedReplicas.push(replicaA);
    let proxy: TripwireProxy | undefined;
    try {
      proxy = await startTripwireProxy(replicaA.port);
      // The first byte of A's answer means the send committed; A dies before the client hears it.
      const tripped = proxy.tripOnFirstResponseByte(() => replicaA.kill('SIGKILL'));
      const outgoing = compose('answer lost with the replica');
      const firstAttempt = await clientAt(sender, proxy.url)
        .request(SEND_MESSAGE, {
          input: { envelope: outgoing.envelope, to: { networkKey: NETWORK } },
        })
        .then(
          () => 'answered',
          (error: Error) => error.name,
        );
      await tripped;
      expect(firstAttempt).not.toBe('answered');
      expect(replicaA.exited).toBe(true);
      expect(await committed(outgoing.messageId)).toBe(true);

      const retry = await sendSealed(clientAt(sender, replicaB.url), outgoing);
      expect(retry).toMatchObject({
        duplicate: true,
        recipientDevices: outgoing.recipients.length,
        message: { id: outgoing.messageId, envelope: outgoing.envelope },
      });
      await expectExactlyOnce([outgoing]);
    } finally {
      await proxy?.close();
    }
  });

  it('killed at a random moment of a burst: every retried id ends as one message', async () => {
    const replicaA = await startApiReplica(app);
    killedReplicas.push(replicaA);
    const burst = Array.from({ length: 24 }, (_, i) => compose(`burst ${i}`));
    const viaA = clientAt(sender, replicaA.url);
    const outcomes = new Map<string, 'answered' | 'lost'>();
    let answered = 0;
    const killAfter = 3 + Math.floor(Math.random() * 6);
    let next = 0;
    let killing: Promise<void> | undefined;
    // Eight requests in flight at a time; after a few answers, A is killed with the rest in flight.
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < burst.length) {
          const outgoing = burst[next++];
          try {
            await sendSealed(viaA, outgoing);
            outcomes.set(outgoing.messageId, 'answered');
            if (++answered === killAfter) killing = replicaA.kill('SIGKILL');
          } catch {
            outcomes.set(outgoing.messageId, 'lost');
          }
        }
      }),
    );
    await killing;
    // A transaction the dead process left open is rolled back as PostgreSQL sees its socket close.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const lost = burst.filter((message) => outcomes.get(message.messageId) === 'lost');
    expect(lost.length).toBeGreaterThan(0);

    // The client retries each unanswered send, unchanged, on the other replica.
    let duplicates = 0;
    for (const outgoing of lost) {
      const wasCommitted = await committed(outgoing.messageId);
      const retry = await sendSealed(clientAt(sender, replicaB.url), outgoing);
      expect(retry).toMatchObject({
        duplicate: wasCommitted,
        message: { id: outgoing.messageId, envelope: outgoing.envelope },
      });
      if (retry.duplicate) duplicates += 1;
    }
    // And a second retry of any of them is an idempotent no-op.
    const again = await sendSealed(clientAt(sender, replicaB.url), lost[0]);
    expect(again.duplicate).toBe(true);
    await expectExactlyOnce(burst);
    expect(duplicates).toBeLessThanOrEqual(lost.length);
  });
});
