import { QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { initCrypto } from '@fpn/crypto';
import { QueueName } from '@fpn/queue';
import { eventually, startWorkerReplica, type TestApp, type WorkerReplica } from '@fpn/testing';
import {
  type DeviceInbox,
  enrolMember,
  expectNetworkAudience,
  expectOneDeliveryRowEach,
  type LiveSocket,
  missing,
  openInboxes,
  type Outgoing,
  outboxBacklog,
  receptionProblems,
  Roster,
  sealMessage,
  sendSealed,
  startReliabilityApp,
} from './fixtures';

const ROUNDS = 5;
const MESSAGES_PER_ROUND = 40;

/**
 * kill -9 of the worker in the middle of a fan-out, five times: every device
 * gets every message, none twice. The messages of a round are sent while the
 * worker is frozen, so the fan-out starts as a backlog the moment it runs
 * again; it is killed as soon as the first push of the round arrives, holding
 * the jobs of the messages it was publishing, and a new worker is started,
 * which must take them over.
 */
describe('a worker killed in the middle of a fan-out', () => {
  let app: TestApp;
  let worker: WorkerReplica;
  const killed: WorkerReplica[] = [];
  let roster: Roster;
  let inboxes: DeviceInbox[];
  let sockets: LiveSocket[];
  let stalledEvents: QueueEvents;
  let eventsConnection: Redis;
  let stalled = 0;

  beforeAll(async () => {
    await initCrypto();
    app = await startReliabilityApp({ worker: false });
    worker = await startWorkerReplica(app);
    // Enrolled side by side (password hashing runs on a thread pool).
    const members = await Promise.all(
      (
        [
          ['KZ', 2],
          ['KG', 1],
          ['TJ', 2],
          ['UZ', 1],
          ['AZ', 2],
          ['MN', 1],
          ['PK', 2],
          ['TR', 1],
        ] as const
      ).map(([state, devices]) => enrolMember(app, { state, devices })),
    );
    roster = new Roster(members);
    await expectNetworkAudience(roster, members[0]);
    ({ inboxes, sockets } = openInboxes(roster, app.url));
    // BullMQ says when a job lost its worker and went back to the queue.
    eventsConnection = new Redis(app.config.redis.url, { maxRetriesPerRequest: null });
    stalledEvents = new QueueEvents(QueueName.Messages, {
      connection: eventsConnection,
      prefix: `${app.config.redis.prefix}:bull`,
    });
    stalledEvents.on('stalled', () => (stalled += 1));
    await stalledEvents.waitUntilReady();
  });
  afterAll(async () => {
    await stalledEvents?.close();
    eventsConnection?.disconnect();
    await Promise.all((sockets ?? []).map((socket) => socket.close()));
    await Promise.all([worker, ...killed].map((process) => process?.close()));
    await app?.close();
  });

  it(`delivers every message to every device exactly once, ${ROUNDS} times over`, async () => {
    const sentBefore: Outgoing[] = [];
    for (let round = 1; round <= ROUNDS; round += 1) {
      const sent = await sendWhileFrozen(round);
      const roundIds = new Set(sent.map((message) => message.messageId));
      const stalledBefore = stalled;

      // The moment the first push of the round arrives, the fan-out is under way: kill -9.
      const victim = worker;
      let killedAtPush = false;
      const killOnFirstPush = (messageId: string) => {
        if (killedAtPush || !roundIds.has(messageId)) return;
        killedAtPush = true;
        // The signal is sent right here, synchronously, before anything else runs.
        void victim.kill('SIGKILL');
      };
      for (const inbox of inboxes) inbox.onPush.add(killOnFirstPush);
      victim.resume();
      await eventually(() => (killedAtPush ? true : undefined), 15_000);
      for (const inbox of inboxes) inbox.onPush.delete(killOnFirstPush);
      await victim.kill('SIGKILL');
      killed.push(victim);
      worker = await startWorkerReplica(app);

      // Live pushes alone bring everything: the new worker takes the killed worker's jobs
      // over once their locks lapse, within seconds.
      await eventually(
        () => (Object.keys(missing(inboxes, sent)).length ? undefined : true),
        20_000,
      ).catch(() => {
        throw new Error(
          `round ${round}: still missing after the kill ${JSON.stringify(missing(inboxes, sent))}`,
        );
      });
      for (const message of sent) {
        for (const deviceId of message.recipients) {
          const inbox = inboxes.find((candidate) => candidate.device.deviceId === deviceId)!;
          expect(inbox.pushed).toContain(message.messageId);
        }
      }
      // As a client does after a reconnect: catch up from its cursor; the inbox lists each once,
      // and nothing turns up that was not already there (live duplicates were dropped by id).
      await Promise.all(inboxes.map((inbox) => inbox.catchUp(app.url)));
      expect(inboxes.flatMap((inbox) => inbox.listedTwice)).toEqual([]);
      expect(missing(inboxes, [...sentBefore, ...sent])).toEqual({});
      await expectOneDeliveryRowEach(app, sent);
      // Nothing left to fan out, nothing given up on.
      expect(
        await eventually(async () => {
          const backlog = await outboxBacklog(app);
          return backlog.pending === 0 ? backlog : undefined;
        }, 10_000),
      ).toEqual({ pending: 0, failed: 0 });
      // The kill did catch work in progress: BullMQ reports the jobs it held as stalled.
      await eventually(() => (stalled > stalledBefore ? true : undefined), 5_000);

      sentBefore.push(...sent);
    }
    expect(receptionProblems(inboxes, sockets)).toEqual([]);
    // Every device kept exactly one copy of each message sent to it, across all rounds.
    for (const inbox of inboxes) {
      const addressed = sentBefore.filter((m) => m.recipients.includes(inbox.device.deviceId));
      expect(inbox.messages.size).toBe(addressed.length);
    }
    // About 30 s on an idle 2-core machine; room for a busy one.
  }, 150_000);

  /**
   * Sends a round's messages while the worker is frozen (it holds its Redis
   * connections but takes nothing), so the fan-out starts as a backlog:
   * four senders at a time, from the roster's devices in turn, each message a
   * new network thread to every other device.
   */
  async function sendWhileFrozen(round: number): Promise<Outgoing[]> {
    worker.pause();
    const sent: Outgoing[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next < MESSAGES_PER_ROUND) {
          const i = next++;
          const from = roster.devices[i % roster.devices.length];
          const outgoing = sealMessage({
            from,
            to: roster.recipientsOf(from),
            text: `round ${round} message ${i}`,
          });
          sent.push(outgoing);
          const response = await sendSealed(roster.ownerOf(from).client, outgoing);
          expect(response.duplicate).toBe(false);
        }
      }),
    );
    return sent;
  }
});
