import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { print } from 'graphql';
import { initCrypto, utf8, type VisibleMetadata } from '@fpn/crypto';
import { MessageAudienceDocument, SendMessageDocument } from '../libs/client/src/generated/graphql';
import {
  type BenchAccount,
  type BenchAccountSpec,
  enrolTotp,
  freshToken,
  insertAccounts,
  insertDirectoryEntries,
  referenceData,
  registerDevice,
  signIn,
  withPg,
} from './lib/accounts';
import { REPO_ROOT, startApp } from './lib/app-processes';
import {
  bullmqBaseline,
  type BullmqBaselineResult,
  type HttpLoadResult,
  trivialQueryBaseline,
} from './lib/baselines';
import { onCleanup, runBenchmark } from './lib/cleanup';
import { EncryptPool } from './lib/encrypt-pool';
import { GraphqlHttp, inParallel } from './lib/graphql-http';
import {
  resetStatementStats,
  startBenchInfrastructure,
  statementsTable,
  topStatements,
} from './lib/infrastructure';
import { LatencyRecorder, type LatencySummary } from './lib/latency';
import { type DevicePush, LiveDevice } from './lib/live-devices';
import { runOpenLoop, sendsInStep } from './lib/open-loop';
import { numberOption, parseOptions } from './lib/options';
import { progress, since, sleep } from './lib/progress';
import {
  describeMachine,
  fmt,
  machineInfo,
  printTables,
  type ReportTable,
  writeResults,
} from './lib/report';
import {
  processTree,
  processTreeOf,
  ResourceSampler,
  type ResourceUse,
} from './lib/resource-sampler';

const SEND = print(SendMessageDocument);
const AUDIENCE = print(MessageAudienceDocument);
const METADATA: VisibleMetadata = {
  category: 'INFORMATION_EXCHANGE',
  priority: 'ROUTINE',
  handlingCode: 'H1',
};
/** 1 KiB of text, as a short network-wide alert is. */
const BODY = utf8(
  'Land Cruiser KZ 777 ABC seen heading south at the border crossing. '.repeat(16).slice(0, 1024),
);

const HELP = `npm run bench:messaging [-- options]
  --quick              two short steps (250 and 1,000 deliveries/s): checks the benchmark works
  --rates a,b,c        open-loop target deliveries per second (default 250,500,1000,2000,4000)
  --step-seconds n     length of each open-loop step (default 20; quick 8)
  --max-seconds n      length of the closed-loop step (default 20; quick 6)
  --senders n          concurrent senders in the closed loop (default 8)
  --drain-seconds n    longest wait for the last deliveries of a step (default 15)
  --confirm-ms n       a device confirms delivery at most this often (default 1000)
  --confirm-over x     socket (default, as the SDK's watch) or http: where devices confirm
  --pg-stats           load pg_stat_statements and print the statements that took PostgreSQL's time
  --out file.json      where to write the JSON (default bench/results/messaging.json)
  --cpu-prof dir       write V8 CPU profiles of the api and the worker there`;

interface Network {
  key: string;
  sender: BenchAccount;
  devices: LiveDevice[];
}

interface PreparedMessage {
  id: string;
  network: Network;
  envelope: string;
}

/** Everything one step measured. */
interface StepResult {
  name: string;
  mode: 'open' | 'closed';
  targetDeliveriesPerSecond: number | null;
  senders: number | null;
  sendWindowSeconds: number;
  messages: number;
  messagesPerSecond: number;
  deliveries: number;
  deliveriesPerSecond: number;
  expectedDeliveries: number;
  /** Expected deliveries not received by the end of the step's drain. */
  lost: number;
  /** Of those, never received by the end of the run (a final drain after the last step). */
  neverDelivered: number;
  duplicates: number;
  sendErrors: number;
  /** Sends answered with a transport or internal error and sent again (idempotent). */
  sendRetries: number;
  /** confirmDelivery calls made by the devices during the step (its sends and drain). */
  confirmsPerSecond: number;
  latency: LatencySummary;
  sendLatency: LatencySummary;
  maxScheduleLagMs: number;
  drainSeconds: number;
  resources: Record<string, ResourceUse>;
  sustained: boolean;
}

/** The bookkeeping of a step in progress: which message went when, who got what. */
class StepTracker {
  readonly latency = new LatencyRecorder();
  readonly sendLatency = new LatencyRecorder();
  readonly sentAt = new Map<string, number>();
  accepted = 0;
  sendErrors = 0;
  retries = 0;
  expected = 0;
  delivered = 0;
  duplicates = 0;
  lastDeliveryAt = 0;
  firstError?: string;

  constructor(
    readonly startedAt: number,
    readonly confirmCallsAtStart = 0,
  ) {}
}

async function main(): Promise<void> {
  const options = parseOptions({
    rates: { type: 'string' },
    'step-seconds': { type: 'string' },
    'max-seconds': { type: 'string' },
    senders: { type: 'string' },
    'drain-seconds': { type: 'string' },
    'confirm-ms': { type: 'string' },
    'confirm-over': { type: 'string' },
    'pg-stats': { type: 'boolean' },
  });
  if (options.values.help) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  const quick = options.quick;
  const rates =
    typeof options.values.rates === 'string'
      ? options.values.rates.split(',').map(Number)
      : quick
        ? [250, 1000]
        : [250, 500, 1000, 2000, 4000];
  const stepSeconds = numberOption(options.values, 'step-seconds', quick ? 8 : 20);
  const maxSeconds = numberOption(options.values, 'max-seconds', quick ? 6 : 20);
  const senders = numberOption(options.values, 'senders', 8);
  const drainSeconds = numberOption(options.values, 'drain-seconds', 15);
  const confirmEveryMs = numberOption(options.values, 'confirm-ms', 1000);
  const confirmOver = options.values['confirm-over'] ?? 'socket';
  if (confirmOver !== 'socket' && confirmOver !== 'http') {
    throw new Error(`--confirm-over is socket or http, not ${String(confirmOver)}`);
  }
  const baselineSeconds = quick ? 4 : 10;

  const machine = machineInfo();
  progress(`bench:messaging on ${describeMachine(machine)}`);
  const infrastructure = await startBenchInfrastructure('messaging', {
    statementStats: options.values['pg-stats'] === true,
  });
  const app = await startApp(infrastructure, {
    cpuProfileDir: options.cpuProfileDir && path.resolve(options.cpuProfileDir),
  });
  await initCrypto();
  // Senders and receiving devices are different clients: each has its own connections.
  const api = new GraphqlHttp(app.url, 64);
  onCleanup(() => api.close());
  const receivers = new GraphqlHttp(app.url, 224);
  onCleanup(() => receivers.close());

  // --- set-up: 224 focal points with one device each, 4 Secretariat senders ---
  const setupStarted = performance.now();
  const { states, networks: networkKeys } = await referenceData(infrastructure.ownerUrl);
  const focalSpecs: (BenchAccountSpec & {
    network: string;
    membership: 'primary' | 'alternate';
  })[] = [];
  for (const state of states)
    for (const network of networkKeys)
      for (const membership of ['primary', 'alternate'] as const)
        focalSpecs.push({
          email: `fp-${state}-${network}-${membership}@bench.example`.toLowerCase(),
          role: 'FOCAL_POINT',
          memberStateCode: state,
          network,
          membership,
        });
  const senderSpecs: BenchAccountSpec[] = networkKeys.map((network) => ({
    email: `secretariat-${network}@bench.example`,
    role: 'SECRETARIAT_OFFICER',
    memberStateCode: null,
  }));
  const ids = await insertAccounts(infrastructure.ownerUrl, [...focalSpecs, ...senderSpecs]);
  await insertDirectoryEntries(
    infrastructure.ownerUrl,
    focalSpecs.map((spec) => ({
      userId: ids.get(spec.email)!,
      state: spec.memberStateCode!,
      network: spec.network,
      role: spec.membership,
    })),
  );
  progress(
    `set-up: ${focalSpecs.length} focal points (${states.length} states × ${networkKeys.length} networks × primary + alternate) and ${senderSpecs.length} Secretariat senders in PostgreSQL`,
  );
  const accounts = await inParallel([...focalSpecs, ...senderSpecs], 4, (spec) =>
    signIn(api, {
      email: spec.email,
      role: spec.role,
      memberStateCode: spec.memberStateCode,
      id: ids.get(spec.email)!,
    }),
  );
  progress(`set-up: ${accounts.length} accounts signed in over GraphQL`);
  const senderAccounts = accounts.slice(focalSpecs.length);
  for (const sender of senderAccounts) await enrolTotp(api, sender);
  await inParallel(accounts, 8, (account) => registerDevice(api, account));
  progress(`set-up: identity keys and device certificates registered over GraphQL`);

  const networks: Network[] = networkKeys.map((key, index) => ({
    key,
    sender: senderAccounts[index],
    devices: accounts
      .slice(0, focalSpecs.length)
      .filter((_account, i) => focalSpecs[i].network === key)
      .map((account) => new LiveDevice(account, app.url, confirmOver)),
  }));
  for (const network of networks) {
    const { messageAudience } = await api.query<{ messageAudience: string[] }>(
      AUDIENCE,
      { to: { networkKey: network.key } },
      network.sender.accessToken,
    );
    const members = new Set(network.devices.map((device) => device.account.id));
    if (
      messageAudience.length !== members.size ||
      !messageAudience.every((id) => members.has(id))
    ) {
      throw new Error(
        `the audience of ${network.key} is ${messageAudience.length} accounts, not its ${members.size} benchmark focal points: use an empty database`,
      );
    }
  }
  const devices = networks.flatMap((network) => network.devices);
  const confirmCallsNow = () => devices.reduce((sum, device) => sum + device.confirmCalls, 0);
  const perMessage = networks[0].devices.length;

  // --- live: every device subscribed, pushes counted by the step that sent them ---
  const stepOf = new Map<string, StepTracker>();
  let subscriptionErrors = 0;
  const onPush = (push: DevicePush) => {
    const step = stepOf.get(push.messageId);
    if (push.device.seen.has(push.messageId)) {
      if (step) step.duplicates += 1;
      return;
    }
    push.device.seen.add(push.messageId);
    if (!step) return;
    step.delivered += 1;
    step.lastDeliveryAt = push.at;
    const sentAt = step.sentAt.get(push.messageId);
    if (sentAt !== undefined) step.latency.recordMs(push.at - sentAt);
  };
  await inParallel(devices, 16, (device) =>
    device.subscribe(onPush, (error) => {
      subscriptionErrors += 1;
      if (subscriptionErrors <= 3) progress(`subscription error: ${String(error)}`);
    }),
  );
  onCleanup(() => Promise.all(devices.map((device) => device.close())).then(() => undefined));
  progress(`set-up: ${devices.length} graphql-ws connections subscribed to messageReceived`);

  let confirming = true;
  const confirmLoop = (async () => {
    while (confirming) {
      for (const device of devices) void device.confirmIfDue(receivers, confirmEveryMs);
      await sleep(100);
    }
  })();

  const pool = new EncryptPool();
  onCleanup(() => pool.close());
  let roundRobin = 0;
  async function prepare(count: number): Promise<PreparedMessage[]> {
    const started = performance.now();
    const plan = Array.from({ length: count }, () => ({
      id: randomUUID(),
      network: networks[roundRobin++ % networks.length],
    }));
    const prepared: PreparedMessage[] = [];
    for (const network of networks) {
      const mine = plan.filter((item) => item.network === network);
      const batches: (typeof mine)[] = [];
      for (let i = 0; i < mine.length; i += 50) batches.push(mine.slice(i, i + 50));
      const recipients = network.devices.map((device) => ({
        deviceId: device.deviceId,
        encryptionPublicKey: device.account.device!.encryption.publicKey,
      }));
      const envelopes = await Promise.all(
        batches.map((batch) =>
          pool.encrypt({
            sender: network.sender.device!,
            recipients,
            metadata: METADATA,
            body: BODY,
            ids: batch.map((item) => ({ messageId: item.id, threadId: randomUUID() })),
          }),
        ),
      );
      batches.forEach((batch, b) =>
        batch.forEach((item, i) => prepared.push({ ...item, envelope: envelopes[b][i] })),
      );
    }
    // Back in the order planned, so consecutive sends rotate over the networks.
    const byId = new Map(prepared.map((message) => [message.id, message]));
    progress(
      `encrypted ${count} envelopes (${perMessage} sealed keys each) in ${(since(started) / 1000).toFixed(1)} s, before the timed phase`,
    );
    return plan.map((item) => byId.get(item.id)!);
  }

  /**
   * sendMessage as the SDK sends it; an answer that is not a refusal of the
   * message (a transport error, INTERNAL_SERVER_ERROR) is retried with the same
   * envelope up to twice — idempotent on the message id, so a message stored
   * the first time is answered as a duplicate and counted once.
   */
  async function send(step: StepTracker, message: PreparedMessage): Promise<void> {
    const started = performance.now();
    step.sentAt.set(message.id, started);
    stepOf.set(message.id, step);
    let failure = '';
    for (let attempt = 0; attempt < 3; attempt++) {
      if (attempt > 0) {
        step.retries += 1;
        await sleep(500);
      }
      try {
        const answer = await api.request<{ sendMessage: { recipientDevices: number } }>(
          SEND,
          { input: { envelope: message.envelope, to: { networkKey: message.network.key } } },
          message.network.sender.accessToken,
        );
        if (answer.data?.sendMessage) {
          step.sendLatency.recordMs(performance.now() - started);
          step.accepted += 1;
          step.expected += answer.data.sendMessage.recipientDevices;
          return;
        }
        failure = JSON.stringify(answer.errors?.[0] ?? answer);
        const code = answer.errors?.[0]?.extensions?.code;
        if (code !== 'INTERNAL_SERVER_ERROR') break;
      } catch (error) {
        failure = (error as Error).message;
      }
    }
    step.sendErrors += 1;
    step.firstError ??= failure;
  }

  /** A progress line every 10 s while a step runs. */
  function tick(step: StepTracker, total: number): NodeJS.Timeout {
    return setInterval(
      () =>
        progress(
          `  … ${step.sentAt.size}/${total} sent, ${step.accepted} accepted, ${step.delivered}/${step.expected} delivered`,
        ),
      10_000,
    );
  }

  async function drain(step: StepTracker): Promise<number> {
    const started = performance.now();
    while (step.delivered < step.expected && since(started) < drainSeconds * 1000) await sleep(20);
    return since(started) / 1000;
  }

  async function refreshTokens() {
    await inParallel([...senderAccounts, ...devices.map((d) => d.account)], 8, (account) =>
      freshToken(api, account),
    );
  }

  // --- warm-up: one message per network reaches all devices (subscriptions live) ---
  {
    const warm = new StepTracker(performance.now());
    const messages = await prepare(networks.length);
    await Promise.all(messages.map((message) => send(warm, message)));
    await drain(warm);
    if (warm.sendErrors) throw new Error(`warm-up send refused: ${warm.firstError}`);
    if (warm.delivered !== warm.expected) {
      throw new Error(`warm-up: ${warm.delivered} of ${warm.expected} deliveries arrived`);
    }
    progress(
      `warm-up: ${messages.length} messages reached all ${warm.delivered} devices (set-up ${(since(setupStarted) / 1000).toFixed(1)} s)`,
    );
  }

  // --- resources and baselines ---
  const sampler = new ResourceSampler([
    { name: 'api', pids: () => processTree(app.api.pid) },
    { name: 'worker', pids: () => [app.worker.pid] },
    { name: 'postgres', pids: processTreeOf(infrastructure.postgresPid) },
    { name: 'redis', pids: () => (infrastructure.redisPid ? [infrastructure.redisPid] : []) },
    { name: 'load', pids: () => [process.pid] },
  ]);
  sampler.start();
  onCleanup(() => sampler.stop());

  const bullmq: BullmqBaselineResult = await bullmqBaseline({
    redisUrl: infrastructure.redisUrl,
    prefix: infrastructure.redisPrefix,
    durationSeconds: baselineSeconds,
    concurrency: Number(app.env.WORKER_CONCURRENCY ?? 16),
  });
  const trivial: HttpLoadResult = await trivialQueryBaseline(app.url, baselineSeconds);

  await resetStatementStats(infrastructure);

  // --- open-loop steps ---
  const steps: StepResult[] = [];
  const trackers: StepTracker[] = [];
  const skipped: number[] = [];
  const finish = async (
    step: StepTracker,
    window: Awaited<ReturnType<ResourceSampler['window']>>,
    fields: Pick<StepResult, 'name' | 'mode' | 'targetDeliveriesPerSecond' | 'senders'> & {
      sendWindowMs: number;
      maxScheduleLagMs: number;
    },
  ) => {
    const drained = await drain(step);
    const resources = await window.end();
    const deliverySeconds =
      Math.max(step.lastDeliveryAt - step.startedAt, fields.sendWindowMs) / 1000;
    const result: StepResult = {
      name: fields.name,
      mode: fields.mode,
      targetDeliveriesPerSecond: fields.targetDeliveriesPerSecond,
      senders: fields.senders,
      sendWindowSeconds: fields.sendWindowMs / 1000,
      messages: step.accepted,
      messagesPerSecond: step.accepted / (fields.sendWindowMs / 1000),
      deliveries: step.delivered,
      deliveriesPerSecond: step.delivered / deliverySeconds,
      expectedDeliveries: step.expected,
      lost: step.expected - step.delivered,
      neverDelivered: step.expected - step.delivered,
      duplicates: step.duplicates,
      sendErrors: step.sendErrors,
      sendRetries: step.retries,
      confirmsPerSecond:
        (confirmCallsNow() - step.confirmCallsAtStart) / (since(step.startedAt) / 1000),
      latency: step.latency.summary(),
      sendLatency: step.sendLatency.summary(),
      maxScheduleLagMs: Math.round(fields.maxScheduleLagMs),
      drainSeconds: Math.round(drained * 10) / 10,
      resources,
      sustained: false,
    };
    result.sustained =
      result.lost === 0 &&
      result.duplicates === 0 &&
      result.sendErrors === 0 &&
      (fields.targetDeliveriesPerSecond === null ||
        result.deliveriesPerSecond >= 0.95 * fields.targetDeliveriesPerSecond) &&
      result.latency.p99 < 1000;
    steps.push(result);
    trackers.push(step);
    progress(
      `${result.name}: ${fmt(result.messagesPerSecond)} msg/s, ${fmt(result.deliveriesPerSecond)} deliveries/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, lost ${result.lost}, duplicates ${result.duplicates}, send errors ${result.sendErrors} (retried ${result.sendRetries})${step.firstError ? ` (${step.firstError.slice(0, 200)})` : ''}; api ${fmt(resources.api.cpuPercent)} % CPU ${fmt(resources.api.peakRssMb)} MB, worker ${fmt(resources.worker.cpuPercent)} % ${fmt(resources.worker.peakRssMb)} MB`,
    );
    return result;
  };

  for (const rate of rates) {
    const last = steps[steps.length - 1];
    if (last && last.deliveriesPerSecond < 0.5 * (last.targetDeliveriesPerSecond ?? 0)) {
      // Past saturation a higher offered rate only measures a longer queue.
      progress(`step open ${rate}/s skipped: the last step reached under half its target`);
      skipped.push(rate);
      continue;
    }
    await refreshTokens();
    const messageRate = rate / perMessage;
    const total = sendsInStep(messageRate, stepSeconds * 1000);
    const messages = await prepare(total);
    await sleep(1000);
    progress(
      `step open ${rate}/s: ${fmt(messageRate)} messages/s × ${perMessage} devices for ${stepSeconds} s (${total} messages)`,
    );
    const window = await sampler.window();
    const step = new StepTracker(performance.now(), confirmCallsNow());
    const ticker = tick(step, total);
    const inFlight: Promise<void>[] = [];
    const { startedAt, maxLagMs } = await runOpenLoop(total, messageRate, (index) => {
      inFlight.push(send(step, messages[index]));
    });
    await Promise.all(inFlight);
    clearInterval(ticker);
    const sendWindowMs = Math.max(since(startedAt), (total / messageRate) * 1000);
    await finish(step, window, {
      name: `open ${rate}/s`,
      mode: 'open',
      targetDeliveriesPerSecond: rate,
      senders: null,
      sendWindowMs,
      maxScheduleLagMs: maxLagMs,
    });
  }

  // --- closed loop: the most the server takes with `senders` senders back to back ---
  {
    await refreshTokens();
    const best = Math.max(...steps.map((step) => step.messagesPerSecond), 10);
    const total = Math.ceil(best * 2 * maxSeconds);
    const messages = await prepare(total);
    await sleep(1000);
    progress(
      `step closed loop: ${senders} senders back to back for ${maxSeconds} s (up to ${total} messages)`,
    );
    const window = await sampler.window();
    const step = new StepTracker(performance.now(), confirmCallsNow());
    const ticker = tick(step, total);
    let next = 0;
    const deadline = performance.now() + maxSeconds * 1000;
    await Promise.all(
      Array.from({ length: senders }, async () => {
        while (performance.now() < deadline && next < messages.length) {
          await send(step, messages[next++]);
        }
      }),
    );
    clearInterval(ticker);
    if (next >= messages.length)
      progress('closed loop: used every prepared envelope before the time was up');
    await finish(step, window, {
      name: `closed ×${senders}`,
      mode: 'closed',
      targetDeliveriesPerSecond: null,
      senders,
      sendWindowMs: since(step.startedAt),
      maxScheduleLagMs: 0,
    });
  }

  // --- anything late arrives now, or never ---
  {
    const started = performance.now();
    const missing = () => trackers.reduce((sum, t) => sum + t.expected - t.delivered, 0);
    while (missing() > 0 && since(started) < 60_000) await sleep(100);
    trackers.forEach(
      (tracker, i) => (steps[i].neverDelivered = tracker.expected - tracker.delivered),
    );
    progress(`final drain: ${missing()} deliveries never arrived`);
  }

  // --- every delivery confirmed? ---
  confirming = false;
  await confirmLoop;
  await Promise.all(devices.map((device) => device.confirmIfDue(receivers, 0, true)));
  const database = await withPg(infrastructure.ownerUrl, async (client) => {
    const { rows } = await client.query<{ unconfirmed: number; outbox: number }>(
      `SELECT (SELECT count(*)::int FROM message_delivery_state WHERE NOT confirmed) AS unconfirmed,
              (SELECT count(*)::int FROM message_outbox) AS outbox`,
    );
    return rows[0];
  });
  const confirmCalls = devices.reduce((sum, device) => sum + device.confirmCalls, 0);
  const confirmErrors = devices.reduce((sum, device) => sum + device.confirmErrors, 0);
  const socketsClosed = devices.filter((device) => device.closed).length;
  progress(
    `after the run: ${database.unconfirmed} deliveries unconfirmed, ${database.outbox} outbox rows left, ${confirmCalls} confirmDelivery calls (${confirmErrors} failed), ${socketsClosed} sockets closed, ${subscriptionErrors} subscription errors`,
  );

  // --- report ---
  const maxStep = steps[steps.length - 1];
  const bestSustained = steps
    .filter((step) => step.mode === 'open' && step.sustained)
    .reduce((best, step) => Math.max(best, step.targetDeliveriesPerSecond ?? 0), 0);
  const at1000 = steps.find((step) => step.targetDeliveriesPerSecond === 1000);
  const peakApiRss = Math.max(...steps.map((step) => step.resources.api.peakRssMb));
  const tables: ReportTable[] = [
    {
      title: `Delivery: ${devices.length} devices subscribed, network-wide messages of 1 KiB to ${perMessage} devices each`,
      head: [
        'step',
        'msg/s',
        'deliveries/s',
        'p50 ms',
        'p95 ms',
        'p99 ms',
        'lost',
        'dup',
        'errors',
        'confirms/s',
        'api CPU %',
        'api RSS MB',
        'worker CPU %',
        'worker RSS MB',
        'postgres CPU %',
        'redis CPU %',
        'load gen CPU %',
        'ok',
      ],
      rows: [
        ...steps.map((step) => [
          step.name,
          fmt(step.messagesPerSecond),
          fmt(step.deliveriesPerSecond),
          step.latency.p50,
          step.latency.p95,
          step.latency.p99,
          step.lost,
          step.duplicates,
          step.sendErrors,
          fmt(step.confirmsPerSecond),
          fmt(step.resources.api.cpuPercent),
          fmt(step.resources.api.peakRssMb),
          fmt(step.resources.worker.cpuPercent),
          fmt(step.resources.worker.peakRssMb),
          fmt(step.resources.postgres.cpuPercent),
          fmt(step.resources.redis.cpuPercent),
          fmt(step.resources.load.cpuPercent),
          step.sustained ? 'yes' : 'no',
        ]),
        ...skipped.map((rate) => [`open ${rate}/s`, 'skipped (saturated)', ...Array(16).fill('')]),
      ],
    },
    {
      title: 'Baselines in the same run (same PostgreSQL, Redis and api process)',
      head: ['baseline', 'rate', 'p50 ms', 'p99 ms', 'ratio'],
      rows: [
        [
          `raw BullMQ add + process (concurrency ${bullmq.concurrency})`,
          `${fmt(bullmq.jobsPerSecond)} jobs/s`,
          '',
          '',
          `closed-loop messages/s ÷ jobs/s = ${(maxStep.messagesPerSecond / bullmq.jobsPerSecond).toPrecision(2)}`,
        ],
        [
          `Apollo { __typename } (${trivial.connections} connections)`,
          `${fmt(trivial.requestsPerSecond)} req/s`,
          trivial.p50,
          trivial.p99,
          `closed-loop sends/s ÷ req/s = ${(maxStep.messagesPerSecond / trivial.requestsPerSecond).toPrecision(2)}`,
        ],
      ],
    },
    {
      title: 'Against the targets of issue 8',
      head: ['figure', 'target', 'measured', 'met'],
      rows: [
        [
          'sustained deliveries/s (0 lost, 0 duplicates)',
          '≥ 2,000 (goal 5,000)',
          String(bestSustained),
          bestSustained >= 2000 ? 'yes' : 'no',
        ],
        [
          'send→receive p99 at 1,000 deliveries/s',
          '≤ 300 ms (goal 100)',
          at1000 ? `${at1000.latency.p99} ms` : 'not run',
          at1000 ? (at1000.latency.p99 <= 300 ? 'yes' : 'no') : '',
        ],
        [
          'api peak RSS under load',
          '≤ 300 MB (goal 250)',
          `${fmt(peakApiRss)} MB`,
          peakApiRss <= 300 ? 'yes' : 'no',
        ],
      ],
    },
  ];
  const statements = await topStatements(infrastructure);
  tables.push(
    ...statementsTable(
      'PostgreSQL time by statement over the timed steps (pg_stat_statements)',
      statements,
    ),
  );
  printTables(tables);
  await writeResults(
    'messaging',
    options.out,
    {
      benchmark: 'messaging',
      quick,
      machine,
      servers: infrastructure.description,
      settings: {
        devices: devices.length,
        devicesPerMessage: perMessage,
        bodyBytes: BODY.length,
        rates,
        stepSeconds,
        maxSeconds,
        senders,
        drainSeconds,
        confirmEveryMs,
        confirmOver,
        workerConcurrency: Number(app.env.WORKER_CONCURRENCY ?? 16),
        databasePoolSize: Number(app.env.DATABASE_POOL_SIZE ?? 10),
        logLevel: app.env.LOG_LEVEL,
      },
      baselines: { bullmq, trivialQuery: trivial },
      steps,
      skippedRates: skipped,
      statements,
      afterRun: { ...database, confirmCalls, confirmErrors, socketsClosed, subscriptionErrors },
      repository: path.relative(process.cwd(), REPO_ROOT) || '.',
    },
    tables,
  );
}

runBenchmark('bench:messaging', main);
