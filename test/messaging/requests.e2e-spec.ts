import { randomUUID } from 'node:crypto';
import type { VisibleMetadata } from '@fpn/crypto';
import { Role } from '@fpn/identity';
import {
  gql,
  type GraphqlResponse,
  startTestApp,
  startTestSmtpServer,
  type TestApp,
  type TestSmtpServer,
} from '@fpn/testing';
import { DataSource } from 'typeorm';
import { DEADLINE_TEST_ENV, sweepNow } from '../directory/deadline-fixtures';
import {
  messagingFixtures,
  type Party,
  type SentMessage,
  MESSAGE_FIELDS,
} from './messaging-fixtures';

const PUBLIC_URL = 'https://fpn.example.org';
const T0 = new Date('2026-12-01T08:00:00Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const at = (ms: number) => new Date(T0.getTime() + ms);
const SECRET_BODY = 'Vehicle KZ 123 ABC crossed at Khorgos — confidential';

const SEND = gql<
  { sendMessage: SentMessage },
  {
    input: {
      envelope: string;
      to?: object | null;
      inReplyTo?: string | null;
      directlyAccessible?: boolean | null;
      isAnswer?: boolean | null;
    };
  }
>`
  mutation ($input: SendMessageInput!) {
    sendMessage(input: $input) { duplicate recipientAccounts message { ${MESSAGE_FIELDS} } }
  }
`;
const ACK = gql<{ acknowledgeMessage: string }, { id: string }>`
  mutation ($id: String!) {
    acknowledgeMessage(messageId: $id)
  }
`;
interface StateRow {
  memberStateCode: string;
  status: string;
  acknowledgedAt: string | null;
  answeredAt: string | null;
  answerMessageId: string | null;
  answeredOnTime: boolean | null;
  remindedAt: string | null;
  overdueNotifiedAt: string | null;
  escalatedAt: string | null;
}
const STATUS = gql<
  {
    requestStatus: {
      messageId: string;
      networkKey: string;
      directlyAccessible: boolean;
      dueAt: string;
      dueChosenBySender: boolean;
      closedAt: string | null;
      states: StateRow[];
    };
  },
  { id: string }
>`
  query ($id: String!) {
    requestStatus(messageId: $id) {
      messageId
      networkKey
      directlyAccessible
      dueAt
      dueChosenBySender
      closedAt
      states {
        memberStateCode
        status
        acknowledgedAt
        answeredAt
        answerMessageId
        answeredOnTime
        remindedAt
        overdueNotifiedAt
        escalatedAt
      }
    }
  }
`;
interface StatisticsRow {
  networkKey: string;
  memberStateCode: string;
  messagesSent: number;
  requestsSent: number;
  requestsReceived: number;
  requestsAnswered: number;
  requestsAnsweredOnTime: number;
  shareAnsweredOnTime: number | null;
  secondsToAnswer80Percent: number | null;
}
const STATISTICS = gql<
  { responseStatistics: StatisticsRow[] },
  { from: string; to: string; networkKey?: string }
>`
  query ($from: DateTime!, $to: DateTime!, $networkKey: String) {
    responseStatistics(from: $from, to: $to, networkKey: $networkKey) {
      networkKey
      memberStateCode
      messagesSent
      requestsSent
      requestsReceived
      requestsAnswered
      requestsAnsweredOnTime
      shareAnsweredOnTime
      secondsToAnswer80Percent
    }
  }
`;

describe('requests for assistance: due dates, per-state status, reminders, escalation, handover, statistics', () => {
  let smtp: TestSmtpServer;
  let app: TestApp;
  let fx: ReturnType<typeof messagingFixtures>;
  let sender: Party;
  let uz: Party;
  let tj: Party;
  let kgPrimary: Party;
  let kgAlternate: Party;
  let kgCoordinator: Party;
  let admin: Party;
  let requestId: string;
  let threadId: string;

  const db = () => app.api.get(DataSource);
  async function notices(party: Party, kind: string) {
    return db().query<{ params: Record<string, unknown> }[]>(
      'SELECT params FROM notification WHERE user_id = $1 AND kind = $2 ORDER BY created_at',
      [party.account.id, kind],
    );
  }
  async function messageCount(): Promise<number> {
    const [{ n }] = await db().query<{ n: number }[]>('SELECT count(*)::int AS n FROM message');
    return n;
  }
  /** When each party last signed in, by the test clock. */
  const signedInAt = new Map<Party, number>();
  /** Tokens follow the test clock: sign in again once it moved. */
  async function fresh(...parties: Party[]) {
    const now = app.clock.now().getTime();
    for (const party of parties) {
      if ((signedInAt.get(party) ?? T0.getTime()) === now) continue;
      await fx.refresh(party);
      signedInAt.set(party, now);
    }
  }

  async function send(
    from: Party,
    options: {
      to?: object;
      threadId?: string;
      inReplyTo?: string;
      metadata?: VisibleMetadata;
      directlyAccessible?: boolean;
      isAnswer?: boolean;
      body?: string;
    },
  ): Promise<GraphqlResponse<{ sendMessage: SentMessage }>> {
    const thread = options.threadId ?? randomUUID();
    const recipients = await fx.recipientsFor(
      from,
      options.to ? { to: options.to } : { threadId: thread },
    );
    const json = fx.envelope(from.devices[0], recipients, {
      threadId: thread,
      body: options.body,
      metadata: options.metadata,
    });
    return from.client.request(SEND, {
      input: {
        envelope: JSON.stringify(json),
        to: options.to ?? null,
        inReplyTo: options.inReplyTo ?? null,
        directlyAccessible: options.directlyAccessible ?? null,
        isAnswer: options.isAnswer ?? null,
      },
    });
  }
  async function sent(from: Party, options: Parameters<typeof send>[1]) {
    const response = await send(from, options);
    if (response.errors?.length) throw new Error(JSON.stringify(response.errors[0]));
    return response.data!.sendMessage.message;
  }
  const answer = (from: Party, body = 'our answer') =>
    sent(from, {
      threadId,
      inReplyTo: requestId,
      isAnswer: true,
      body,
      metadata: { category: 'INFORMATION_EXCHANGE', priority: 'ROUTINE', handlingCode: 'H1' },
    });
  async function status(as: Party) {
    const { requestStatus } = await as.client.query(STATUS, { id: requestId });
    return requestStatus;
  }

  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    app = await startTestApp({ env: { ...DEADLINE_TEST_ENV, SMTP_URL: smtp.url, PUBLIC_URL } });
    app.clock.set(T0);
    fx = messagingFixtures(app);
    const le = (role: 'primary' | 'alternate' = 'primary') => [{ key: 'law-enforcement', role }];
    sender = await fx.person({
      role: Role.FOCAL_POINT,
      state: 'KZ',
      networks: [{ key: 'law-enforcement' }, { key: 'border-control' }],
    });
    uz = await fx.person({ role: Role.FOCAL_POINT, state: 'UZ', networks: le() });
    tj = await fx.person({ role: Role.FOCAL_POINT, state: 'TJ', networks: le() });
    kgPrimary = await fx.person({ role: Role.FOCAL_POINT, state: 'KG', networks: le() });
    kgAlternate = await fx.person({
      role: Role.FOCAL_POINT,
      state: 'KG',
      networks: le('alternate'),
    });
    kgCoordinator = await fx.person({ role: Role.STATE_COORDINATOR, state: 'KG' });
    admin = await fx.person({ role: Role.SECRETARIAT_ADMIN, state: null });
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await smtp?.close();
  });

  describe('bad input changes nothing', () => {
    it('refuses a due date in the past', async () => {
      const before = await messageCount();
      const response = await send(sender, {
        to: { networkKey: 'law-enforcement', memberStateCodes: ['UZ'] },
        metadata: {
          category: 'REQUEST_FOR_ASSISTANCE',
          priority: 'URGENT',
          handlingCode: 'H1',
          dueDate: at(-HOUR).toISOString(),
        },
      });
      expect(response.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'envelope.metadata.dueDate',
        reason: 'DUE_DATE_IN_PAST',
      });
      expect(await messageCount()).toBe(before);
    });

    it('refuses an answer flag on a message that is not a reply', async () => {
      const before = await messageCount();
      const response = await send(uz, {
        to: { networkKey: 'law-enforcement', memberStateCodes: ['KZ'] },
        isAnswer: true,
      });
      expect(response.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'isAnswer',
        reason: 'ANSWER_NOT_A_REPLY',
      });
      expect(await messageCount()).toBe(before);
    });

    it('refuses directlyAccessible on anything but a request', async () => {
      const response = await send(sender, {
        to: { networkKey: 'law-enforcement', memberStateCodes: ['UZ'] },
        directlyAccessible: true,
      });
      expect(response.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'directlyAccessible',
      });
    });
  });

  it('an urgent request for directly accessible information is due in 8 hours, per state', async () => {
    app.clock.set(T0);
    await fresh(sender);
    threadId = randomUUID();
    const request = await sent(sender, {
      threadId,
      to: { networkKey: 'law-enforcement', memberStateCodes: ['UZ', 'TJ', 'KG'] },
      metadata: { category: 'REQUEST_FOR_ASSISTANCE', priority: 'URGENT', handlingCode: 'H1' },
      directlyAccessible: true,
      body: SECRET_BODY,
    });
    requestId = request.id;
    const view = await status(sender);
    expect(view).toMatchObject({
      networkKey: 'law-enforcement',
      directlyAccessible: true,
      dueAt: at(8 * HOUR).toISOString(),
      dueChosenBySender: false,
      closedAt: null,
    });
    expect(view.states.map((s) => [s.memberStateCode, s.status])).toEqual([
      ['KG', 'OPEN'],
      ['TJ', 'OPEN'],
      ['UZ', 'OPEN'],
    ]);
  });

  it('Uzbekistan acknowledges and answers on time; Tajikistan acknowledges', async () => {
    app.clock.set(at(30 * MINUTE));
    await fresh(uz, tj, sender);
    await uz.client.query(ACK, { id: requestId });
    const uzAnswer = await answer(uz);
    app.clock.set(at(HOUR));
    await fresh(tj, sender);
    await tj.client.query(ACK, { id: requestId });

    const states = (await status(sender)).states;
    expect(states.find((s) => s.memberStateCode === 'UZ')).toMatchObject({
      status: 'ANSWERED',
      answeredAt: at(30 * MINUTE).toISOString(),
      answerMessageId: uzAnswer.id,
      answeredOnTime: true,
    });
    expect(states.find((s) => s.memberStateCode === 'TJ')).toMatchObject({
      status: 'ACKNOWLEDGED',
      acknowledgedAt: at(HOUR).toISOString(),
    });
    // A state's own people see their state only.
    expect((await status(tj)).states.map((s) => s.memberStateCode)).toEqual(['TJ']);
  });

  it('after 2 hours unacknowledged, Kyrgyzstan’s alternate and coordinator are told once, without content', async () => {
    app.clock.set(at(2 * HOUR - MINUTE));
    await sweepNow(app);
    expect(await notices(kgAlternate, 'MESSAGE_ESCALATED')).toHaveLength(0);

    app.clock.set(at(2 * HOUR + MINUTE));
    await sweepNow(app);
    await sweepNow(app);
    for (const told of [kgAlternate, kgCoordinator]) {
      const [notice, ...more] = await notices(told, 'MESSAGE_ESCALATED');
      expect(more).toHaveLength(0);
      expect(notice.params).toMatchObject({
        messageId: requestId,
        networkKey: 'law-enforcement',
        category: 'REQUEST_FOR_ASSISTANCE',
        priority: 'URGENT',
        senderMemberStateCode: 'KZ',
        memberStateCode: 'KG',
        sentAt: T0.toISOString(),
      });
      const mail = await smtp.waitFor(
        (m) => m.to === told.account.email && m.subject === 'Unacknowledged urgent message for KG',
      );
      expect(mail.text).toContain(requestId);
      expect(mail.text).not.toContain(SECRET_BODY);
    }
    // The primary focal point (an addressed person) and the acknowledging states are not escalated.
    for (const other of [kgPrimary, uz, tj]) {
      expect(await notices(other, 'MESSAGE_ESCALATED')).toHaveLength(0);
    }
    await fresh(sender);
    const states = (await status(sender)).states;
    expect(states.find((s) => s.memberStateCode === 'KG')!.escalatedAt).toBe(
      at(2 * HOUR + MINUTE).toISOString(),
    );
    expect(states.filter((s) => s.escalatedAt !== null)).toHaveLength(1);
  });

  it('reminds the unanswered states at 75 % of the time, and at the due date', async () => {
    app.clock.set(at(6 * HOUR - MINUTE));
    await sweepNow(app);
    expect(await notices(kgPrimary, 'REQUEST_DUE_SOON')).toHaveLength(0);

    app.clock.set(at(6 * HOUR));
    await sweepNow(app);
    for (const reminded of [kgPrimary, kgAlternate, tj]) {
      expect(await notices(reminded, 'REQUEST_DUE_SOON')).toHaveLength(1);
    }
    expect(await notices(uz, 'REQUEST_DUE_SOON')).toHaveLength(0);
    await smtp.waitFor(
      (m) => m.to === kgPrimary.account.email && m.subject.startsWith('A request to KG is due on'),
    );

    // Tajikistan answers late; Kyrgyzstan never does.
    app.clock.set(at(9 * HOUR));
    await fresh(tj);
    await answer(tj);
    await sweepNow(app);
    await sweepNow(app);
    for (const told of [kgPrimary, kgAlternate]) {
      expect(await notices(told, 'REQUEST_OVERDUE')).toHaveLength(1);
    }
    expect(await notices(tj, 'REQUEST_OVERDUE')).toHaveLength(0);
    expect(await notices(kgPrimary, 'REQUEST_DUE_SOON')).toHaveLength(1);
    const mail = await smtp.waitFor(
      (m) => m.to === kgPrimary.account.email && m.subject === 'A request to KG is overdue',
    );
    expect(mail.text).not.toContain(SECRET_BODY);
  });

  it('shows each state’s status: on time, late, overdue', async () => {
    await fresh(sender, admin);
    for (const viewer of [sender, admin]) {
      const byState = Object.fromEntries(
        (await status(viewer)).states.map((s) => [s.memberStateCode, s]),
      );
      expect(byState.UZ).toMatchObject({ status: 'ANSWERED', answeredOnTime: true });
      expect(byState.TJ).toMatchObject({
        status: 'ANSWERED',
        answeredOnTime: false,
        answeredAt: at(9 * HOUR).toISOString(),
        remindedAt: at(6 * HOUR).toISOString(),
        overdueNotifiedAt: null,
        escalatedAt: null,
      });
      expect(byState.KG).toMatchObject({
        status: 'OVERDUE',
        answeredAt: null,
        answeredOnTime: null,
        remindedAt: at(6 * HOUR).toISOString(),
        overdueNotifiedAt: at(9 * HOUR).toISOString(),
      });
    }
  });

  it('gives the Secretariat counts and durations per network and state', async () => {
    await fresh(admin);
    const { responseStatistics } = await admin.client.query(STATISTICS, {
      from: at(-24 * HOUR).toISOString(),
      to: at(24 * HOUR).toISOString(),
      networkKey: 'law-enforcement',
    });
    const byState = Object.fromEntries(responseStatistics.map((row) => [row.memberStateCode, row]));
    expect(byState.KZ).toMatchObject({ messagesSent: 1, requestsSent: 1, requestsReceived: 0 });
    expect(byState.UZ).toEqual({
      networkKey: 'law-enforcement',
      memberStateCode: 'UZ',
      messagesSent: 1,
      requestsSent: 0,
      requestsReceived: 1,
      requestsAnswered: 1,
      requestsAnsweredOnTime: 1,
      shareAnsweredOnTime: 1,
      secondsToAnswer80Percent: 30 * 60,
    });
    expect(byState.TJ).toMatchObject({
      requestsReceived: 1,
      requestsAnswered: 1,
      requestsAnsweredOnTime: 0,
      shareAnsweredOnTime: 0,
      secondsToAnswer80Percent: 9 * 3600,
    });
    expect(byState.KG).toMatchObject({
      messagesSent: 0,
      requestsReceived: 1,
      requestsAnswered: 0,
      shareAnsweredOnTime: 0,
      secondsToAnswer80Percent: null,
    });
    // Another period: nothing.
    const later = await admin.client.query(STATISTICS, {
      from: at(24 * HOUR).toISOString(),
      to: at(48 * HOUR).toISOString(),
      networkKey: 'law-enforcement',
    });
    expect(later.responseStatistics).toEqual([]);
    // A focal point may not see them.
    await fresh(uz);
    const refused = await uz.client.request(STATISTICS, {
      from: at(-24 * HOUR).toISOString(),
      to: at(24 * HOUR).toISOString(),
    });
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('is the sender’s to close; outsiders do not see it', async () => {
    const outsider = await fx.person({
      role: Role.FOCAL_POINT,
      state: 'RU',
      networks: [{ key: 'law-enforcement' }],
    });
    const CLOSE = gql<
      { closeRequest: { closedAt: string | null; states: StateRow[] } },
      { id: string }
    >`
      mutation ($id: String!) {
        closeRequest(messageId: $id) {
          closedAt
          states {
            memberStateCode
            status
          }
        }
      }
    `;
    const hidden = await outsider.client.request(STATUS, { id: requestId });
    expect(hidden.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    await fresh(kgCoordinator, kgPrimary, sender);
    expect((await status(kgCoordinator)).states.map((s) => s.memberStateCode)).toEqual(['KG']);
    const refused = await kgPrimary.client.request(CLOSE, { id: requestId });
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const { closeRequest } = await sender.client.query(CLOSE, { id: requestId });
    expect(closeRequest.closedAt).toBe(app.clock.now().toISOString());
    expect(closeRequest.states.map((s) => [s.memberStateCode, s.status])).toEqual([
      ['KG', 'CLOSED'],
      ['TJ', 'ANSWERED'],
      ['UZ', 'ANSWERED'],
    ]);
  });

  it('passes a retired focal point’s open request to a colleague, and tells the coordinator', async () => {
    app.clock.set(at(10 * HOUR));
    const leaving = await fx.person({
      role: Role.FOCAL_POINT,
      state: 'AZ',
      networks: [{ key: 'border-control' }],
    });
    const azCoordinator = await fx.person({ role: Role.STATE_COORDINATOR, state: 'AZ' });
    await fresh(sender);
    const handoverThread = randomUUID();
    const request = await sent(sender, {
      threadId: handoverThread,
      to: { networkKey: 'border-control', memberStateCodes: ['AZ'] },
      metadata: { category: 'REQUEST_FOR_ASSISTANCE', priority: 'ROUTINE', handlingCode: 'H2' },
    });
    // A colleague joins the network after the request was sent, then the first one retires
    // (as an approved directory change leaves the entry: retired, unlinked from the account).
    const colleague = await fx.person({
      role: Role.FOCAL_POINT,
      state: 'AZ',
      networks: [{ key: 'border-control' }],
    });
    await db().query(
      `UPDATE focal_point SET status = 'retired', user_id = NULL WHERE user_id = $1`,
      [leaving.account.id],
    );
    app.clock.set(at(10 * HOUR + MINUTE));
    await sweepNow(app);
    await sweepNow(app);

    for (const told of [colleague, azCoordinator]) {
      const [notice, ...more] = await notices(told, 'REQUEST_HANDED_OVER');
      expect(more).toHaveLength(0);
      expect(notice.params).toMatchObject({
        messageId: request.id,
        memberStateCode: 'AZ',
        networkKey: 'border-control',
      });
    }
    await smtp.waitFor(
      (m) =>
        m.to === azCoordinator.account.email &&
        m.subject === 'An open request for AZ passed to you',
    );
    // The colleague is now an addressed person: sees the request's status and may answer it.
    await fresh(colleague);
    requestId = request.id;
    const view = await status(colleague);
    expect(view.states).toEqual([
      expect.objectContaining({ memberStateCode: 'AZ', status: 'OPEN' }),
    ]);
    threadId = handoverThread;
    await answer(colleague);
    expect((await status(colleague)).states[0]).toMatchObject({
      status: 'ANSWERED',
      answeredOnTime: true,
    });
  });
});
