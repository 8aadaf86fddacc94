import { initCrypto } from '@fpn/crypto';
import {
  type ApiReplica,
  startApiReplica,
  startTogether,
  startWorkerReplica,
  type TestApp,
  type WorkerReplica,
} from '@fpn/testing';
import {
  clientAt,
  type DeviceInbox,
  enrolMember,
  expectNetworkAudience,
  expectOneDeliveryRowEach,
  type LiveSocket,
  type Member,
  openInboxes,
  type Outgoing,
  receptionProblems,
  Roster,
  sealMessage,
  sendSealed,
  startReliabilityApp,
  untilEveryDeviceHasEverything,
  untilPushedEverywhere,
} from './fixtures';

/**
 * Two api replicas (this process's and another process) and two worker
 * processes on one PostgreSQL and one Redis: whichever replica a device's
 * socket is on, it hears what was sent through the other.
 */
describe('messaging across api replicas and workers', () => {
  let app: TestApp;
  let replicaB: ApiReplica;
  let workers: WorkerReplica[] = [];
  let roster: Roster;
  let sender: Member;
  let onA: { inboxes: DeviceInbox[]; sockets: LiveSocket[] };
  let onB: { inboxes: DeviceInbox[]; sockets: LiveSocket[] };

  beforeAll(async () => {
    await initCrypto();
    // Replica A is the in-process api; no in-process worker: the two worker processes do the work.
    app = await startReliabilityApp({ worker: false });
    let workerA: WorkerReplica;
    let workerB: WorkerReplica;
    [replicaB, workerA, workerB] = await startTogether([
      startApiReplica(app),
      startWorkerReplica(app),
      startWorkerReplica(app),
    ]);
    workers = [workerA, workerB];
    let onReplicaA: Member;
    let onReplicaB: Member;
    [sender, onReplicaA, onReplicaB] = await Promise.all([
      enrolMember(app, { state: 'KZ', devices: 1 }),
      enrolMember(app, { state: 'UZ', devices: 2 }),
      enrolMember(app, { state: 'TJ', devices: 2 }),
    ]);
    roster = new Roster([sender, onReplicaA, onReplicaB]);
    await expectNetworkAudience(roster, sender);
    onA = openInboxes(roster, app.url, [onReplicaA]);
    onB = openInboxes(roster, replicaB.url, [onReplicaB]);
  });
  afterAll(async () => {
    await Promise.all([...(onA?.sockets ?? []), ...(onB?.sockets ?? [])].map((s) => s.close()));
    await Promise.all([replicaB, ...workers].map((process) => process?.close()));
    await app?.close();
  });

  /**
   * Sends through `via` until a message is pushed live to every inbox: the
   * first may go out before the sockets' subscriptions are in place (a client
   * would catch it up), so a few tries are allowed; the last one must arrive.
   */
  async function sendUntilPushed(via: string, inboxes: DeviceInbox[]): Promise<Outgoing[]> {
    const sent: Outgoing[] = [];
    for (let attempt = 1; ; attempt += 1) {
      const outgoing = sealMessage({
        from: sender.devices[0],
        to: roster.recipientsOf(sender.devices[0]),
        text: `through ${via}, try ${attempt}`,
      });
      const response = await sendSealed(clientAt(sender, via), outgoing);
      expect(response).toMatchObject({ duplicate: false, message: { id: outgoing.messageId } });
      sent.push(outgoing);
      try {
        await untilPushedEverywhere(inboxes, outgoing.messageId, attempt < 3 ? 2_000 : 10_000);
        return sent;
      } catch (error) {
        if (attempt >= 3) throw error;
      }
    }
  }

  it('a device subscribed on replica B receives, live, a message sent through replica A', async () => {
    const sent = await sendUntilPushed(app.url, onB.inboxes);
    const last = sent[sent.length - 1];
    for (const inbox of onB.inboxes) {
      expect(inbox.messages.get(last.messageId)).toBe(`through ${app.url}, try ${sent.length}`);
    }
  });

  it('and a device subscribed on replica A receives what was sent through replica B', async () => {
    const sent = await sendUntilPushed(replicaB.url, onA.inboxes);
    const last = sent[sent.length - 1];
    for (const inbox of onA.inboxes) {
      expect(inbox.messages.get(last.messageId)).toBe(
        `through ${replicaB.url}, try ${sent.length}`,
      );
    }
  });

  it('a burst through both replicas reaches every device on either, each message once', async () => {
    const sent: Outgoing[] = [];
    const burst = Array.from({ length: 20 }, (_, i) => {
      const outgoing = sealMessage({
        from: sender.devices[0],
        to: roster.recipientsOf(sender.devices[0]),
        text: `burst ${i}`,
      });
      sent.push(outgoing);
      return sendSealed(clientAt(sender, i % 2 === 0 ? app.url : replicaB.url), outgoing);
    });
    expect((await Promise.all(burst)).every((response) => !response.duplicate)).toBe(true);
    const inboxes = [...onA.inboxes, ...onB.inboxes];
    // Live pushes only: both workers fan out, both replicas deliver.
    await untilEveryDeviceHasEverything(inboxes, sent, { timeoutMs: 15_000 });
    for (const message of sent) {
      for (const inbox of inboxes) expect(inbox.pushed).toContain(message.messageId);
    }
    // Caught up as a client does, the inbox lists each message once.
    for (const inbox of inboxes) {
      await inbox.catchUp(replicaB.url);
      expect(inbox.listedTwice).toEqual([]);
    }
    await expectOneDeliveryRowEach(app, sent);
    expect(receptionProblems(inboxes, [...onA.sockets, ...onB.sockets])).toEqual([]);
    expect(workers.every((worker) => !worker.exited)).toBe(true);
  });
});
