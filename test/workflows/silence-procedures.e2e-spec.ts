import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Role } from '@fpn/identity';
import {
  createTestAccount,
  gql,
  type GraphqlResponse,
  GraphqlTestClient,
  signInTestAccount,
  startTestApp,
  type TestAccount,
  type TestApp,
  totpCodeNow,
  withPgClient,
} from '@fpn/testing';
import { initCrypto } from '@fpn/crypto';
import { SilenceProceduresSweeper } from '@fpn/workflows';
import { DataSource } from 'typeorm';
import { fpn, json } from '../client/fpn-process';
import { DEADLINE_TEST_ENV, sweepNow } from '../directory/deadline-fixtures';
import { INBOX, messagingFixtures, openAs } from '../messaging/messaging-fixtures';

const T0 = new Date('2026-12-01T08:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const at = (ms: number) => new Date(T0.getTime() + ms);
/** 18:00 in Astana and Almaty (UTC+5), three days after T0. */
const DEADLINE = '2026-12-04T13:00:00.000Z';
const ZONE = 'Asia/Almaty';
/** Each test starts `n` fortnights after T0: the clock only moves forward (sign-in throttling follows it). */
const fortnight = (n: number) => 14 * DAY * n;
/** The deadline of a procedure opened at `base`: three days later, 18:00 at the seat. */
const deadlineFor = (base: number) => at(base + Date.parse(DEADLINE) - T0.getTime()).toISOString();

/** Every audit event, whether the worker has chained it yet (audit_entry) or not (audit_pending). */
const AUDITED = `SELECT id AS pending, type, subject_type, subject_id FROM audit_pending
  UNION SELECT pending_id, type, subject_type, subject_id FROM audit_entry`;

const PROCEDURE_FIELDS = `
  id titleEn titleRu documentText documentMessageId networkKey deadline deadlineTimeZone status closedAt
  withdrawnReason version brokenBy
  states { memberStateCode standing latest { kind reason } }
  statements { memberStateCode kind reason madeBy }
  notes { id reference kind dated }
`;

interface Procedure {
  id: string;
  titleEn: string;
  titleRu: string;
  documentText: string | null;
  documentMessageId: string | null;
  networkKey: string | null;
  deadline: string;
  deadlineTimeZone: string;
  status: string;
  closedAt: string | null;
  withdrawnReason: string | null;
  version: number;
  brokenBy: string[];
  states: {
    memberStateCode: string;
    standing: string;
    latest: { kind: string; reason: string | null } | null;
  }[];
  statements: { memberStateCode: string; kind: string; reason: string | null; madeBy: string }[];
  notes: { id: string; reference: string; kind: string; dated: string }[];
}

interface OpenInput {
  titleEn: string;
  titleRu: string;
  documentText?: string | null;
  documentMessageId?: string | null;
  networkKey?: string | null;
  deadline: string;
  deadlineTimeZone: string;
}

const OPEN = gql<{ openSilenceProcedure: Procedure }, { input: OpenInput }>`
  mutation ($input: OpenSilenceProcedureInput!) {
    openSilenceProcedure(input: $input) { ${PROCEDURE_FIELDS} }
  }
`;
const STATEMENT = gql<
  { recordSilenceStatement: Procedure },
  { id: string; kind: string; reason?: string | null; state?: string | null }
>`
  mutation ($id: ID!, $kind: SilenceStatementKind!, $reason: String, $state: String) {
    recordSilenceStatement(procedureId: $id, kind: $kind, reason: $reason, memberStateCode: $state) {
      ${PROCEDURE_FIELDS}
    }
  }
`;
const EXTEND = gql<{ extendSilenceProcedure: Procedure }, { id: string; deadline: string }>`
  mutation ($id: ID!, $deadline: DateTime!) {
    extendSilenceProcedure(id: $id, deadline: $deadline) { ${PROCEDURE_FIELDS} }
  }
`;
const WITHDRAW = gql<{ withdrawSilenceProcedure: Procedure }, { id: string; reason: string }>`
  mutation ($id: ID!, $reason: String!) {
    withdrawSilenceProcedure(id: $id, reason: $reason) { ${PROCEDURE_FIELDS} }
  }
`;
const ONE = gql<{ silenceProcedure: Procedure }, { id: string }>`
  query ($id: ID!) { silenceProcedure(id: $id) { ${PROCEDURE_FIELDS} } }
`;
const LIST = gql<{ silenceProcedures: Procedure[] }, { status?: string }>`
  query ($status: SilenceProcedureStatus) {
    silenceProcedures(status: $status) {
      id
      status
    }
  }
`;

describe('silence procedures: circulated, answered by the states, closed at the deadline', () => {
  let app: TestApp;
  let officer: TestAccount;
  const coordinators: Record<string, TestAccount> = {};
  let focalPoint: TestAccount;
  const clients = new Map<TestAccount, { at: number; client: GraphqlTestClient }>();
  const db = () => app.api.get(DataSource);

  /** A client signed in at the test clock's time (tokens follow the clock). */
  async function as(account: TestAccount): Promise<GraphqlTestClient> {
    const now = app.clock.now().getTime();
    const known = clients.get(account);
    if (known && now - known.at < 5 * 60_000) return known.client;
    const { client } = await signInTestAccount(app, account);
    clients.set(account, { at: app.clock.now().getTime(), client });
    return client;
  }
  const data = <T>(response: GraphqlResponse<T>): T => {
    if (response.errors?.length) throw new Error(JSON.stringify(response.errors[0]));
    return response.data!;
  };
  const extensionsOf = (response: GraphqlResponse<unknown>) => response.errors?.[0]?.extensions;

  async function open(input: Partial<OpenInput> = {}): Promise<Procedure> {
    const client = await as(officer);
    return data(
      await client.request(OPEN, {
        input: {
          titleEn: 'Draft decision on the 2027 programme of law-enforcement seminars',
          titleRu: 'Проект решения о программе семинаров правоохранительных органов на 2027 год',
          documentText: 'The Special Working Group decides to hold two seminars in 2027.',
          networkKey: 'law-enforcement',
          deadline: DEADLINE,
          deadlineTimeZone: ZONE,
          ...input,
        },
      }),
    ).openSilenceProcedure;
  }
  const state = (procedure: Procedure, code: string) =>
    procedure.states.find((row) => row.memberStateCode === code);

  async function noticesOf(kind: string, procedureId: string) {
    return db().query<{ userId: string; params: Record<string, string> }[]>(
      `SELECT user_id AS "userId", params FROM notification
        WHERE kind = $1 AND params->>'procedureId' = $2 ORDER BY created_at`,
      [kind, procedureId],
    );
  }
  async function auditTypes(procedureId: string): Promise<string[]> {
    const rows = await db().query<{ type: string }[]>(
      `SELECT type FROM (${AUDITED}) a WHERE subject_type = 'silence_procedure' AND subject_id = $1
        ORDER BY pending`,
      [procedureId],
    );
    return rows.map((row) => row.type);
  }
  /** What a refusal must leave untouched: procedures, statements, notes, notices, their audit. */
  async function snapshot() {
    return db().query<{ what: string; rows: string }[]>(
      `SELECT 'procedures' AS what, coalesce(string_agg(p::text, '|' ORDER BY p.id), '') AS rows FROM silence_procedure p
       UNION ALL SELECT 'statements', coalesce(string_agg(s::text, '|' ORDER BY s.id), '') FROM silence_statement s
       UNION ALL SELECT 'notes', count(*)::text FROM note
       UNION ALL SELECT 'notifications', count(*)::text FROM notification
       UNION ALL SELECT 'emails', count(*)::text FROM email_outbox
       UNION ALL SELECT 'audit', count(*)::text FROM (${AUDITED}) a
                  WHERE type LIKE 'SILENCE_%' OR type LIKE 'NOTE_%'`,
    );
  }

  beforeAll(async () => {
    app = await startTestApp({ env: DEADLINE_TEST_ENV });
    app.clock.set(T0);
    officer = await createTestAccount(app, {
      email: 'officer@secretariat.example',
      role: Role.SECRETARIAT_OFFICER,
    });
    for (const code of ['KZ', 'TJ', 'UZ']) {
      coordinators[code] = await createTestAccount(app, {
        email: `coordinator@${code.toLowerCase()}.example`,
        role: Role.STATE_COORDINATOR,
        memberStateCode: code,
      });
    }
    focalPoint = await createTestAccount(app, {
      email: 'focal@kz.example',
      role: Role.FOCAL_POINT,
      memberStateCode: 'KZ',
    });
  }, 120_000);
  afterAll(() => app?.close());

  it('approves a draft nobody objected to, with the outcome note in both languages to every coordinator', async () => {
    app.clock.set(T0);
    const procedure = await open();
    expect(procedure).toMatchObject({
      status: 'OPEN',
      deadline: DEADLINE,
      deadlineTimeZone: ZONE,
      networkKey: 'law-enforcement',
      brokenBy: [],
    });
    expect(procedure.states).toHaveLength(28);
    expect(procedure.states.every((row) => row.standing === 'SILENT')).toBe(true);
    expect(procedure.notes).toEqual([
      expect.objectContaining({ kind: 'SILENCE_CIRCULATION', dated: '2026-12-01' }),
    ]);
    const circulation = procedure.notes[0].reference;
    const opened = await noticesOf('SILENCE_PROCEDURE_OPENED', procedure.id);
    expect(opened.map((row) => row.userId).sort()).toEqual(
      Object.values(coordinators)
        .map((account) => account.id)
        .sort(),
    );
    expect(opened[0].params).toMatchObject({ deadlineTimeZone: ZONE, noteReference: circulation });

    // Kazakhstan concurs; the Secretariat hears of it.
    const kz = await as(coordinators.KZ);
    const concurred = data(
      await kz.request(STATEMENT, { id: procedure.id, kind: 'CONCURRENCE' }),
    ).recordSilenceStatement;
    expect(state(concurred, 'KZ')).toMatchObject({
      standing: 'CONCURRED',
      latest: { kind: 'CONCURRENCE' },
    });
    const told = await noticesOf('SILENCE_STATEMENT_RECORDED', procedure.id);
    expect(told.map((row) => row.userId)).toContain(officer.id);
    expect(told[0].params).toMatchObject({ memberStateCode: 'KZ', statementKind: 'concurrence' });

    // A sweep before the deadline leaves it open.
    app.clock.set(at(2 * DAY));
    await sweepNow(app);
    expect(
      data(await (await as(officer)).request(ONE, { id: procedure.id })).silenceProcedure,
    ).toMatchObject({ status: 'OPEN' });

    // The deadline passes; the sweep closes it.
    app.clock.set(new Date(new Date(DEADLINE).getTime() + 60_000));
    await sweepNow(app);
    const closed = data(
      await (await as(coordinators.TJ)).request(ONE, { id: procedure.id }),
    ).silenceProcedure;
    expect(closed).toMatchObject({ status: 'APPROVED', brokenBy: [], version: 2 });
    expect(closed.notes.map((note) => note.kind)).toEqual([
      'SILENCE_CIRCULATION',
      'SILENCE_OUTCOME',
    ]);
    const outcome = closed.notes[1];
    expect(outcome.reference).toMatch(/\/\d+$/);
    expect(outcome.reference).not.toBe(circulation);
    const [note] = await db().query<
      { titleEn: string; titleRu: string; bodyEn: string; bodyRu: string }[]
    >(
      `SELECT title_en AS "titleEn", title_ru AS "titleRu", body_en AS "bodyEn", body_ru AS "bodyRu"
         FROM note WHERE id = $1`,
      [outcome.id],
    );
    expect(`${note.titleEn}\n${note.bodyEn}`).toContain(procedure.titleEn);
    expect(`${note.titleRu}\n${note.bodyRu}`).toContain(procedure.titleRu);
    expect(note.bodyEn).toContain(outcome.reference);
    expect(note.bodyRu).toContain(outcome.reference);

    // Every coordinator has the outcome, and the note itself.
    const closedNotices = await noticesOf('SILENCE_PROCEDURE_CLOSED', procedure.id);
    expect(closedNotices.map((row) => row.userId).sort()).toEqual(
      Object.values(coordinators)
        .map((account) => account.id)
        .sort(),
    );
    for (const row of closedNotices) {
      expect(row.params).toMatchObject({
        outcome: 'approved',
        brokenBy: '',
        noteReference: outcome.reference,
      });
    }
    const noteNotices = await db().query<{ userId: string }[]>(
      `SELECT user_id AS "userId" FROM notification WHERE params->>'noteReference' = $1
          AND kind NOT LIKE 'SILENCE_%'`,
      [outcome.reference],
    );
    expect(noteNotices.map((row) => row.userId).sort()).toEqual(
      Object.values(coordinators)
        .map((account) => account.id)
        .sort(),
    );

    // A second sweep changes nothing.
    const before = await snapshot();
    await sweepNow(app);
    expect(await snapshot()).toEqual(before);
    expect(await auditTypes(procedure.id)).toEqual([
      'SILENCE_PROCEDURE_OPENED',
      'SILENCE_STATEMENT_RECORDED',
      'SILENCE_PROCEDURE_CLOSED',
    ]);
  });

  it('does not adopt a draft when a state breaks silence, and names that state', async () => {
    app.clock.set(at(fortnight(1)));
    const procedure = await open({
      networkKey: null,
      documentText: null,
      deadline: deadlineFor(fortnight(1)),
    });
    expect(procedure.networkKey).toBeNull();
    const tj = await as(coordinators.TJ);
    const uz = await as(coordinators.UZ);
    const kz = await as(coordinators.KZ);
    data(
      await tj.request(STATEMENT, {
        id: procedure.id,
        kind: 'OBJECTION',
        reason: 'Paragraph 2 goes beyond the mandate of the Special Working Group.',
      }),
    );
    // Uzbekistan proposes an amendment, then withdraws it: its silence stands again.
    data(
      await uz.request(STATEMENT, {
        id: procedure.id,
        kind: 'AMENDMENT',
        reason: 'Replace "two seminars" with "three seminars".',
      }),
    );
    const withdrawn = data(
      await uz.request(STATEMENT, { id: procedure.id, kind: 'WITHDRAWAL' }),
    ).recordSilenceStatement;
    expect(state(withdrawn, 'UZ')?.standing).toBe('SILENT');
    expect(withdrawn.brokenBy).toEqual(['TJ']);
    data(await kz.request(STATEMENT, { id: procedure.id, kind: 'CONCURRENCE' }));

    app.clock.set(new Date(Date.parse(deadlineFor(fortnight(1))) + HOUR));
    await sweepNow(app);
    const closed = data(
      await (await as(officer)).request(ONE, { id: procedure.id }),
    ).silenceProcedure;
    expect(closed).toMatchObject({ status: 'NOT_ADOPTED', brokenBy: ['TJ'] });
    expect(state(closed, 'TJ')).toMatchObject({
      standing: 'OBJECTED',
      latest: { kind: 'OBJECTION', reason: expect.stringContaining('Paragraph 2') },
    });
    expect(closed.statements.map((s) => `${s.memberStateCode}:${s.kind}`)).toEqual([
      'TJ:OBJECTION',
      'UZ:AMENDMENT',
      'UZ:WITHDRAWAL',
      'KZ:CONCURRENCE',
    ]);
    const outcome = closed.notes.find((note) => note.kind === 'SILENCE_OUTCOME')!;
    const [note] = await db().query<{ bodyEn: string; bodyRu: string }[]>(
      'SELECT body_en AS "bodyEn", body_ru AS "bodyRu" FROM note WHERE id = $1',
      [outcome.id],
    );
    const [tajikistan] = await db().query<{ nameEn: string; nameRu: string }[]>(
      `SELECT name_en AS "nameEn", name_ru AS "nameRu" FROM member_state WHERE code = 'TJ'`,
    );
    expect(note.bodyEn).toContain(tajikistan.nameEn);
    expect(note.bodyRu).toContain(tajikistan.nameRu);
    const [notice] = await db().query<{ params: Record<string, string> }[]>(
      `SELECT params FROM notification WHERE kind = 'SILENCE_PROCEDURE_CLOSED'
          AND params->>'procedureId' = $1 AND user_id = $2`,
      [procedure.id, coordinators.KZ.id],
    );
    expect(notice.params).toMatchObject({ outcome: 'not_adopted', brokenBy: 'TJ' });
  });

  it('extends the deadline for everyone, and withdraws a procedure', async () => {
    app.clock.set(at(fortnight(2)));
    const deadline = deadlineFor(fortnight(2));
    const procedure = await open({ deadline });
    const officerClient = await as(officer);
    const later = at(fortnight(2) + 7 * DAY + 5 * HOUR).toISOString();
    const extended = data(
      await officerClient.request(EXTEND, { id: procedure.id, deadline: later }),
    ).extendSilenceProcedure;
    expect(extended).toMatchObject({ deadline: later, status: 'OPEN', version: 2 });
    expect(extended.notes.map((note) => note.kind)).toEqual([
      'SILENCE_CIRCULATION',
      'SILENCE_EXTENSION',
    ]);
    const notices = await noticesOf('SILENCE_PROCEDURE_EXTENDED', procedure.id);
    expect(notices).toHaveLength(3);
    expect(notices[0].params).toMatchObject({ previousDeadline: deadline, deadline: later });

    // Past the first deadline, the extended procedure still takes statements.
    app.clock.set(new Date(Date.parse(deadline) + HOUR));
    await sweepNow(app);
    const tj = await as(coordinators.TJ);
    data(await tj.request(STATEMENT, { id: procedure.id, kind: 'OBJECTION', reason: 'Too soon.' }));

    const withdrawn = data(
      await (
        await as(officer)
      ).request(WITHDRAW, {
        id: procedure.id,
        reason: 'Superseded by the revised draft.',
      }),
    ).withdrawSilenceProcedure;
    expect(withdrawn).toMatchObject({
      status: 'WITHDRAWN',
      withdrawnReason: 'Superseded by the revised draft.',
    });
    expect(withdrawn.notes.map((note) => note.kind)).toContain('SILENCE_WITHDRAWAL');
    expect(await noticesOf('SILENCE_PROCEDURE_WITHDRAWN', procedure.id)).toHaveLength(3);
    // No statement, and no outcome, after withdrawal.
    const refused = await tj.request(STATEMENT, { id: procedure.id, kind: 'CONCURRENCE' });
    expect(extensionsOf(refused)).toMatchObject({ code: 'CONFLICT', reason: 'PROCEDURE_CLOSED' });
    app.clock.set(at(fortnight(2) + 10 * DAY));
    await sweepNow(app);
    const after = data(
      await (await as(officer)).request(ONE, { id: procedure.id }),
    ).silenceProcedure;
    expect(after.status).toBe('WITHDRAWN');
    expect(await auditTypes(procedure.id)).toEqual([
      'SILENCE_PROCEDURE_OPENED',
      'SILENCE_PROCEDURE_EXTENDED',
      'SILENCE_STATEMENT_RECORDED',
      'SILENCE_PROCEDURE_WITHDRAWN',
    ]);
    const listed = data(await (await as(coordinators.KZ)).request(LIST, { status: 'WITHDRAWN' }));
    expect(listed.silenceProcedures.map((row) => row.id)).toContain(procedure.id);
  });

  it('closes each procedure once when sweeps race, and waits for a statement in flight', async () => {
    app.clock.set(at(fortnight(3)));
    const deadline = deadlineFor(fortnight(3));
    const held = await open({ deadline });
    const free = await open({ deadline });
    app.clock.set(new Date(Date.parse(deadline) + HOUR));
    const sweeper = app.worker!.get(SilenceProceduresSweeper);
    const statusOf = async (id: string) =>
      (
        await db().query<{ status: string }[]>(
          'SELECT status FROM silence_procedure WHERE id = $1',
          [id],
        )
      )[0].status;
    // A statement's transaction holds one procedure (FOR SHARE) as the deadline passes.
    await withPgClient(app.database.appUrl, async (client) => {
      await client.query('BEGIN');
      await client.query('SELECT 1 FROM silence_procedure WHERE id = $1 FOR SHARE', [held.id]);
      const now = app.clock.now();
      const closed = await Promise.all([sweeper.sweep(now), sweeper.sweep(now)]);
      expect(closed[0] + closed[1]).toBe(1);
      expect(await statusOf(held.id)).toBe('open');
      expect(await statusOf(free.id)).toBe('approved');
      await client.query('COMMIT');
    });
    // The next sweep closes the one that was held; after that there is nothing to do.
    expect(await sweeper.sweep(app.clock.now())).toBe(1);
    expect(await sweeper.sweep(app.clock.now())).toBe(0);
    expect(await statusOf(held.id)).toBe('approved');
    const outcomes = await db().query<{ procedureId: string; notes: number }[]>(
      `SELECT procedure_id AS "procedureId", count(*)::int AS notes FROM note
        WHERE kind = 'silence_outcome' AND procedure_id = ANY($1::uuid[])
        GROUP BY procedure_id ORDER BY procedure_id`,
      [[held.id, free.id]],
    );
    expect(outcomes.map((row) => row.notes)).toEqual([1, 1]);
  });

  it('lets a coordinator break silence from the command line', async () => {
    app.clock.set(at(fortnight(3) + 5 * DAY));
    const procedure = await open({ deadline: deadlineFor(fortnight(3) + 5 * DAY) });
    const home = await mkdtemp(path.join(tmpdir(), 'fpn-procedure-'));
    try {
      const account = coordinators.UZ;
      app.clock.advance(30_000);
      const login = await fpn(
        home,
        [
          'login',
          '--server',
          app.url,
          '--email',
          account.email,
          '--totp',
          await totpCodeNow(app, account.totpSecret!),
        ],
        `${account.password}\n`,
      );
      expect(login.status).toBe(0);
      const refused = await fpn(home, ['procedure', 'amend', procedure.id]);
      expect(refused.status).not.toBe(0);
      expect(refused.err).toContain('BAD_USER_INPUT (REASON_REQUIRED)');
      const objected = json(
        await fpn(home, [
          'procedure',
          'object',
          procedure.id,
          '--reason',
          'Article 4 is premature.',
          '--json',
        ]),
      ) as { brokenBy: string[] };
      expect(objected.brokenBy).toEqual(['UZ']);
      const shown = await fpn(home, ['procedure', 'show', procedure.id]);
      expect(shown.status).toBe(0);
      expect(shown.out).toContain('UZ  OBJECTED');
      expect(shown.out).toContain('(Asia/Almaty)');
      const listed = await fpn(home, ['procedure', 'list', '--status', 'open']);
      expect(listed).toMatchObject({ status: 0, err: '' });
      expect(listed.out).toContain(procedure.id);
    } finally {
      await rm(home, { recursive: true });
    }
  });

  it('opens on an encrypted draft sent to the coordinators, which each of them reads', async () => {
    await initCrypto();
    app.clock.set(at(fortnight(3) + 8 * DAY));
    const fx = messagingFixtures(app);
    const sender = await fx.person({ role: Role.SECRETARIAT_OFFICER, state: null });
    const reader = await fx.person({ role: Role.STATE_COORDINATOR, state: 'KG' });
    const NOTICE = { category: 'NOTICE', priority: 'ROUTINE', handlingCode: 'H1' } as const;
    const circulated = await fx.sent(sender, {
      to: { coordinators: true },
      body: 'Draft decision: two law-enforcement seminars in 2027 (annex attached)',
      metadata: NOTICE,
    });
    const input = {
      titleEn: 'Draft decision on the 2027 seminars',
      titleRu: 'Проект решения о семинарах 2027 года',
      documentMessageId: circulated.message.id,
      deadline: at(fortnight(3) + 11 * DAY).toISOString(),
      deadlineTimeZone: ZONE,
    };
    const opened = data(await sender.client.request(OPEN, { input })).openSilenceProcedure;
    expect(opened).toMatchObject({ documentMessageId: circulated.message.id, documentText: null });

    // A coordinator goes from the procedure to the draft and opens it on their own device.
    const { silenceProcedure } = data(await reader.client.request(ONE, { id: opened.id }));
    const { inbox } = await reader.client.query(INBOX, { deviceId: reader.devices[0].deviceId });
    const draft = inbox.items.find(
      (item) => item.message.id === silenceProcedure.documentMessageId,
    );
    expect(openAs(reader.devices[0], draft!.message)).toBe(
      'Draft decision: two law-enforcement seminars in 2027 (annex attached)',
    );

    // Anything but the opener's own message to the coordinators is refused, and nothing is written.
    const direct = await fx.sent(sender, { to: { userId: reader.account.id }, metadata: NOTICE });
    const colleague = await fx.person({ role: Role.SECRETARIAT_OFFICER, state: null });
    const before = await snapshot();
    for (const [who, messageId] of [
      [sender, direct.message.id],
      [sender, 'no-such-message'],
      [colleague, circulated.message.id],
    ] as const) {
      const refused = await who.client.request(OPEN, {
        input: { ...input, documentMessageId: messageId },
      });
      expect(extensionsOf(refused)).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'documentMessageId',
        reason: 'DOCUMENT_NOT_CIRCULATED',
      });
    }
    expect(await snapshot()).toEqual(before);
  });

  describe('bad input: a clear code, nothing changed', () => {
    let procedure: Procedure;
    beforeAll(async () => {
      app.clock.set(at(fortnight(4)));
      procedure = await open({ deadline: at(fortnight(4) + 3 * DAY).toISOString() });
    });

    async function refusedUnchanged(
      call: () => Promise<GraphqlResponse<unknown>>,
      expected: Record<string, unknown>,
    ) {
      const before = await snapshot();
      const response = await call();
      expect(extensionsOf(response)).toMatchObject(expected);
      expect(await snapshot()).toEqual(before);
    }

    it('refuses a coordinator acting for another state', async () => {
      const kz = await as(coordinators.KZ);
      await refusedUnchanged(
        () => kz.request(STATEMENT, { id: procedure.id, kind: 'CONCURRENCE', state: 'TJ' }),
        { code: 'FORBIDDEN', reason: 'NOT_YOUR_STATE' },
      );
      // Their own state, named, is fine.
      data(await kz.request(STATEMENT, { id: procedure.id, kind: 'CONCURRENCE', state: 'kz' }));
    });

    it('refuses a deadline in the past, an unknown zone or network, a missing title or reason', async () => {
      const client = await as(officer);
      const input = {
        titleEn: 'Draft',
        titleRu: 'Проект',
        deadline: at(fortnight(4) + 3 * DAY).toISOString(),
        deadlineTimeZone: ZONE,
      };
      await refusedUnchanged(
        () =>
          client.request(OPEN, {
            input: { ...input, deadline: at(fortnight(4) - 60_000).toISOString() },
          }),
        { code: 'BAD_USER_INPUT', field: 'deadline', reason: 'DEADLINE_IN_PAST' },
      );
      await refusedUnchanged(
        () => client.request(OPEN, { input: { ...input, deadlineTimeZone: 'Asia/Astana City' } }),
        { code: 'BAD_USER_INPUT', field: 'deadlineTimeZone', reason: 'UNKNOWN_TIME_ZONE' },
      );
      await refusedUnchanged(() => client.request(OPEN, { input: { ...input, titleRu: '  ' } }), {
        code: 'BAD_USER_INPUT',
        field: 'titleRu',
        reason: 'REQUIRED',
      });
      await refusedUnchanged(
        () => client.request(OPEN, { input: { ...input, networkKey: 'no-such-network' } }),
        { code: 'BAD_USER_INPUT', field: 'networkKey', reason: 'UNKNOWN_NETWORK' },
      );
      await refusedUnchanged(() => client.request(WITHDRAW, { id: procedure.id, reason: ' ' }), {
        code: 'BAD_USER_INPUT',
        field: 'reason',
        reason: 'REASON_REQUIRED',
      });
      await refusedUnchanged(
        () =>
          client.request(EXTEND, {
            id: procedure.id,
            deadline: at(fortnight(4) + 2 * DAY).toISOString(),
          }),
        { code: 'BAD_USER_INPUT', field: 'deadline', reason: 'DEADLINE_NOT_LATER' },
      );
    });

    it('refuses breaking silence without a reason, and withdrawing nothing', async () => {
      const tj = await as(coordinators.TJ);
      for (const kind of ['OBJECTION', 'AMENDMENT']) {
        await refusedUnchanged(
          () => tj.request(STATEMENT, { id: procedure.id, kind, reason: ' ' }),
          {
            code: 'BAD_USER_INPUT',
            field: 'reason',
            reason: 'REASON_REQUIRED',
          },
        );
      }
      await refusedUnchanged(
        () => tj.request(STATEMENT, { id: procedure.id, kind: 'WITHDRAWAL' }),
        {
          code: 'CONFLICT',
          reason: 'NOTHING_TO_WITHDRAW',
        },
      );
    });

    it('refuses breaking silence after the deadline, before and after the sweep closed it', async () => {
      app.clock.set(at(fortnight(4) + 3 * DAY));
      const uz = await as(coordinators.UZ);
      const objection = { id: procedure.id, kind: 'OBJECTION', reason: 'Late objection.' };
      await refusedUnchanged(() => uz.request(STATEMENT, objection), {
        code: 'CONFLICT',
        reason: 'DEADLINE_PASSED',
      });
      await refusedUnchanged(
        () =>
          as(officer).then((client) => client.request(WITHDRAW, { id: procedure.id, reason: 'x' })),
        { code: 'CONFLICT', reason: 'DEADLINE_PASSED' },
      );
      await sweepNow(app);
      await refusedUnchanged(() => uz.request(STATEMENT, objection), {
        code: 'CONFLICT',
        reason: 'PROCEDURE_CLOSED',
      });
      const closed = data(await uz.request(ONE, { id: procedure.id })).silenceProcedure;
      expect(closed).toMatchObject({ status: 'APPROVED', brokenBy: [] });
    });

    it('keeps procedures from focal points and from unknown ids', async () => {
      const focal = await as(focalPoint);
      expect(extensionsOf(await focal.request(LIST, {}))).toMatchObject({ code: 'FORBIDDEN' });
      const officerClient = await as(officer);
      expect(
        extensionsOf(
          await officerClient.request(ONE, { id: '00000000-0000-4000-8000-000000000000' }),
        ),
      ).toMatchObject({ code: 'NOT_FOUND' });
      expect(extensionsOf(await officerClient.request(ONE, { id: 'not-a-uuid' }))).toMatchObject({
        code: 'NOT_FOUND',
      });
    });
  });
});
