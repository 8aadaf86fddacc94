import { Role } from '@fpn/identity';
import { FocalPointStatus, FreshnessSweeper } from '@fpn/directory';
import {
  createTestAccount,
  eventually,
  gql,
  startTestApp,
  startTestSmtpServer,
  type TestAccount,
  type TestApp,
  type TestSmtpServer,
} from '@fpn/testing';
import { DataSource } from 'typeorm';
import {
  clientOf,
  DAY_MS,
  DEADLINE_TEST_ENV,
  insertFocalPoint,
  sweepNow,
  writesInRussian,
} from './deadline-fixtures';

const PUBLIC_URL = 'https://fpn.example.org';
const T0 = new Date('2026-01-15T09:00:00Z');
const at = (days: number) => new Date(T0.getTime() + days * DAY_MS);

interface Freshness {
  focalPointId: string;
  lastConfirmedAt: string;
  confirmationDueAt: string;
  state: string;
  remindedAt: string | null;
  staleSince: string | null;
  escalatedAt: string | null;
}
const FRESHNESS_FIELDS = `focalPointId lastConfirmedAt confirmationDueAt state remindedAt staleSince escalatedAt`;
const MY_FRESHNESS = gql<{ myEntryFreshness: Freshness | null }>`
  { myEntryFreshness { ${FRESHNESS_FIELDS} } }
`;
const CONFIRM_MINE = gql<{ confirmMyEntry: Freshness }>`
  mutation { confirmMyEntry { ${FRESHNESS_FIELDS} } }
`;
const CONFIRM_ON_BEHALF = gql<{ confirmDirectoryEntry: Freshness }, { id: string }>`
  mutation ($id: ID!) { confirmDirectoryEntry(focalPointId: $id) { ${FRESHNESS_FIELDS} } }
`;
interface ReportLine {
  memberStateCode: string;
  networkKey: string | null;
  entries: number;
  dueSoon: number;
  stale: number;
  escalated: number;
  oldestConfirmation: string;
}
const REPORT = gql<{ stalenessReport: ReportLine[] }, { networkKey?: string }>`
  query ($networkKey: String) {
    stalenessReport(networkKey: $networkKey) {
      memberStateCode
      networkKey
      entries
      dueSoon
      stale
      escalated
      oldestConfirmation
    }
  }
`;

describe('directory freshness: reminded, stale, escalated, confirmed', () => {
  let smtp: TestSmtpServer;
  let app: TestApp;
  let aigerim: TestAccount;
  let dana: TestAccount;
  let coordinatorKz: TestAccount;
  let coordinatorTj: TestAccount;
  let admin: TestAccount;
  /** Entries: Aigerim's (linked), Bakhyt's (no account), a suspended one, Dana's, a TJ one. */
  const entry = {} as Record<'aigerim' | 'bakhyt' | 'suspended' | 'dana' | 'tajik', string>;

  /** Rows this test reads back: in-app notifications and e-mails, by recipient and kind. */
  async function notifications(account: TestAccount, kind: string) {
    return app.api
      .get(DataSource)
      .query<{ params: Record<string, string> }[]>(
        'SELECT params FROM notification WHERE user_id = $1 AND kind = $2 ORDER BY created_at',
        [account.id, kind],
      );
  }
  async function emailsQueued(account: TestAccount, kind: string) {
    const rows = await app.api
      .get(DataSource)
      .query<{ status: string }[]>(
        'SELECT status FROM email_outbox WHERE user_id = $1 AND kind = $2',
        [account.id, kind],
      );
    return rows.length;
  }
  async function auditTypes(subjectId: string) {
    const rows = await app.api.get(DataSource).query<{ type: string }[]>(
      `SELECT type FROM audit_pending WHERE subject_id = $1
        UNION ALL SELECT type FROM audit_entry WHERE subject_id = $1`,
      [subjectId],
    );
    return rows.map((row) => row.type).sort();
  }
  const mailsTo = (account: TestAccount, subject: string) =>
    smtp.messages.filter((mail) => mail.to === account.email && mail.subject === subject);

  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    app = await startTestApp({ env: { ...DEADLINE_TEST_ENV, SMTP_URL: smtp.url, PUBLIC_URL } });
    app.clock.set(T0);
    const account = (email: string, role: Role, memberStateCode: string | null) =>
      createTestAccount(app, { email, role, memberStateCode });
    aigerim = await account('aigerim@police.kz.example', Role.FOCAL_POINT, 'KZ');
    dana = await account('dana@customs.uz.example', Role.FOCAL_POINT, 'UZ');
    coordinatorKz = await account('coordinator@mfa.kz.example', Role.STATE_COORDINATOR, 'KZ');
    coordinatorTj = await account('coordinator@mfa.tj.example', Role.STATE_COORDINATOR, 'TJ');
    admin = await account('admin@secretariat.example', Role.SECRETARIAT_ADMIN, null);
    await writesInRussian(app, coordinatorKz);
    // Border control confirms more often than the default six months.
    await app.api
      .get(DataSource)
      .query(`UPDATE network SET confirmation_interval_days = 90 WHERE key = 'border-control'`);
    app.clock.set(T0);
    entry.aigerim = await insertFocalPoint(app, {
      state: 'KZ',
      fullName: 'Aigerim Nurlanovna',
      networks: ['law-enforcement'],
      userId: aigerim.id,
    });
    entry.bakhyt = await insertFocalPoint(app, {
      state: 'KZ',
      fullName: 'Бахыт Сериков',
      networks: ['law-enforcement'],
    });
    entry.suspended = await insertFocalPoint(app, {
      state: 'KZ',
      fullName: 'Suspended Person',
      networks: ['law-enforcement'],
      status: FocalPointStatus.SUSPENDED,
    });
    entry.dana = await insertFocalPoint(app, {
      state: 'UZ',
      fullName: 'Dana Karimova',
      networks: ['law-enforcement', 'border-control'],
      userId: dana.id,
    });
    entry.tajik = await insertFocalPoint(app, {
      state: 'TJ',
      fullName: 'Фаридун Рахимов',
      networks: ['economic-crimes'],
    });
  });
  afterAll(async () => {
    await app?.close();
    await smtp?.close();
  });

  it('reminds 14 days before the due date, by the shortest interval of the entry’s networks', async () => {
    app.clock.set(at(75));
    await sweepNow(app);
    expect(await notifications(dana, 'DIRECTORY_CONFIRMATION_DUE')).toHaveLength(0);

    app.clock.set(at(76));
    await sweepNow(app);
    const [reminder] = await notifications(dana, 'DIRECTORY_CONFIRMATION_DUE');
    expect(reminder.params).toEqual({
      displayName: 'dana',
      focalPointId: entry.dana,
      name: 'Dana Karimova',
      memberStateCode: 'UZ',
      dueAt: at(90).toISOString(),
    });
    // Nobody else is due yet: the law-enforcement entries have six months.
    expect(await notifications(aigerim, 'DIRECTORY_CONFIRMATION_DUE')).toHaveLength(0);

    const { myEntryFreshness } = await (await clientOf(app, dana)).query(MY_FRESHNESS);
    expect(myEntryFreshness).toMatchObject({
      focalPointId: entry.dana,
      state: 'DUE_SOON',
      confirmationDueAt: at(90).toISOString(),
      remindedAt: at(76).toISOString(),
    });
    const mail = await smtp.waitFor((m) => m.to === dana.email);
    expect(mail.subject).toBe('Directory entry due for confirmation: Dana Karimova');
    expect(mail.text).toContain('(UZ)');
    expect(mail.text).toContain('15 April 2026');
  });

  it('reminds once, marks stale at the due date and escalates 14 days later — each exactly once', async () => {
    app.clock.set(at(167));
    await sweepNow(app);
    expect(await notifications(aigerim, 'DIRECTORY_CONFIRMATION_DUE')).toHaveLength(0);

    // 14 days before the due date (T0 + 182 days = 16 July 2026).
    app.clock.set(at(168));
    await sweepNow(app);
    await sweepNow(app);
    expect(await notifications(aigerim, 'DIRECTORY_CONFIRMATION_DUE')).toEqual([
      {
        params: expect.objectContaining({
          focalPointId: entry.aigerim,
          dueAt: at(182).toISOString(),
        }),
      },
    ]);
    expect(await emailsQueued(aigerim, 'DIRECTORY_CONFIRMATION_DUE')).toBe(1);
    const reminder = await smtp.waitFor((m) => m.to === aigerim.email);
    expect(reminder.subject).toBe('Directory entry due for confirmation: Aigerim Nurlanovna');
    expect(reminder.text).toContain('is due for confirmation on 16 July 2026 at 09:00 UTC');
    expect(reminder.text).toContain(PUBLIC_URL);

    // Bakhyt has no account: his state's coordinator is reminded instead, in Russian.
    const forBakhyt = await notifications(coordinatorKz, 'DIRECTORY_CONFIRMATION_DUE');
    expect(forBakhyt.map((n) => n.params.focalPointId)).toEqual([entry.bakhyt]);
    const russian = await smtp.waitFor((m) => m.to === coordinatorKz.email);
    expect(russian.subject).toBe('Требуется подтвердить запись в справочнике: Бахыт Сериков');
    expect(russian.text).toContain('16 июля 2026');
    // The Tajik entry's coordinator, for the Tajik entry only.
    expect(
      (await notifications(coordinatorTj, 'DIRECTORY_CONFIRMATION_DUE')).map(
        (n) => n.params.focalPointId,
      ),
    ).toEqual([entry.tajik]);
    // A suspended entry is never reminded.
    const [{ count }] = await app.api
      .get(DataSource)
      .query<{ count: number }[]>(
        `SELECT count(*)::int AS count FROM notification WHERE params->>'focalPointId' = $1`,
        [entry.suspended],
      );
    expect(count).toBe(0);

    app.clock.set(at(181));
    await sweepNow(app);
    expect(await notifications(aigerim, 'DIRECTORY_ENTRY_STALE')).toHaveLength(0);

    app.clock.set(at(182));
    await sweepNow(app);
    await sweepNow(app);
    expect(await notifications(aigerim, 'DIRECTORY_ENTRY_STALE')).toHaveLength(1);
    expect(await emailsQueued(aigerim, 'DIRECTORY_ENTRY_STALE')).toBe(1);
    const stale = await smtp.waitFor((m) => m.to === aigerim.email, 10_000, 1);
    expect(stale.subject).toBe('Directory entry marked stale: Aigerim Nurlanovna');
    expect(
      (await notifications(coordinatorKz, 'DIRECTORY_ENTRY_STALE')).map(
        (n) => n.params.focalPointId,
      ),
    ).toEqual([entry.bakhyt]);
    const { myEntryFreshness } = await (await clientOf(app, aigerim)).query(MY_FRESHNESS);
    expect(myEntryFreshness).toMatchObject({ state: 'STALE', staleSince: at(182).toISOString() });

    app.clock.set(at(195));
    await sweepNow(app);
    expect(await notifications(coordinatorKz, 'DIRECTORY_STALE_ESCALATED')).toHaveLength(0);

    app.clock.set(at(196));
    await sweepNow(app);
    await sweepNow(app);
    const escalated = await notifications(coordinatorKz, 'DIRECTORY_STALE_ESCALATED');
    expect(escalated.map((n) => n.params.focalPointId).sort()).toEqual(
      [entry.aigerim, entry.bakhyt].sort(),
    );
    expect(await emailsQueued(coordinatorKz, 'DIRECTORY_STALE_ESCALATED')).toBe(2);
    // The person is not told again; the coordinator hears it, in Russian.
    expect(await notifications(aigerim, 'DIRECTORY_STALE_ESCALATED')).toHaveLength(0);
    const escalation = await smtp.waitFor(
      (m) =>
        m.to === coordinatorKz.email &&
        m.subject === 'Устаревшая запись в справочнике (KZ): Aigerim Nurlanovna',
    );
    expect(escalation.text).toContain('Как координатор от KZ');

    expect(await auditTypes(entry.aigerim)).toEqual([
      'DIRECTORY_CONFIRMATION_REMINDED',
      'DIRECTORY_ENTRY_MARKED_STALE',
      'DIRECTORY_STALE_ESCALATED',
    ]);
    // Every e-mail went out once: nothing left in the outbox, and no duplicates at the server.
    await eventually(async () => {
      const [{ pending }] = await app.api
        .get(DataSource)
        .query<{ pending: number }[]>(
          `SELECT count(*)::int AS pending FROM email_outbox WHERE status = 'pending'`,
        );
      return pending === 0 ? true : undefined;
    });
    expect(mailsTo(aigerim, 'Directory entry marked stale: Aigerim Nurlanovna')).toHaveLength(1);
    expect(
      mailsTo(coordinatorKz, 'Устаревшая запись в справочнике (KZ): Aigerim Nurlanovna'),
    ).toHaveLength(1);
  });

  it('reports staleness per state and network: every state for the Secretariat, their own for a coordinator', async () => {
    const { stalenessReport } = await (await clientOf(app, admin)).query(REPORT, {});
    const line = (state: string, network: string | null) =>
      stalenessReport.find((l) => l.memberStateCode === state && l.networkKey === network);
    // The suspended entry is not counted; Aigerim's and Bakhyt's are stale and escalated.
    expect(line('KZ', 'law-enforcement')).toEqual({
      memberStateCode: 'KZ',
      networkKey: 'law-enforcement',
      entries: 2,
      dueSoon: 0,
      stale: 2,
      escalated: 2,
      oldestConfirmation: T0.toISOString(),
    });
    // Dana: in two networks, counted in each; stale and then escalated by the later sweeps.
    expect(line('UZ', 'border-control')).toMatchObject({ entries: 1, stale: 1, escalated: 1 });
    expect(line('UZ', 'law-enforcement')).toMatchObject({ entries: 1, stale: 1, escalated: 1 });
    expect(line('TJ', 'economic-crimes')).toMatchObject({ entries: 1, stale: 1, escalated: 1 });

    const filtered = await (
      await clientOf(app, admin)
    ).query(REPORT, {
      networkKey: 'border-control',
    });
    expect(filtered.stalenessReport.map((l) => l.memberStateCode)).toEqual(['UZ']);

    const own = await (await clientOf(app, coordinatorKz)).query(REPORT, {});
    expect(own.stalenessReport.map((l) => [l.memberStateCode, l.networkKey])).toEqual([
      ['KZ', 'law-enforcement'],
    ]);
    expect(await (await clientOf(app, aigerim)).errorCodes(REPORT, {})).toEqual(['FORBIDDEN']);
    expect(
      await (await clientOf(app, admin)).errorCodes(REPORT, { networkKey: 'no-such-network' }),
    ).toEqual(['BAD_USER_INPUT']);
  });

  it('confirmMyEntry starts a new cycle: reset, audited, and reminded again only next time', async () => {
    const client = await clientOf(app, aigerim);
    const confirmedAt = app.clock.now();
    const { confirmMyEntry } = await client.query(CONFIRM_MINE);
    const afterConfirmation = (days: number) => new Date(confirmedAt.getTime() + days * DAY_MS);
    expect(confirmMyEntry).toEqual({
      focalPointId: entry.aigerim,
      lastConfirmedAt: confirmedAt.toISOString(),
      confirmationDueAt: afterConfirmation(182).toISOString(),
      state: 'CURRENT',
      remindedAt: null,
      staleSince: null,
      escalatedAt: null,
    });
    expect(await auditTypes(entry.aigerim)).toContain('DIRECTORY_ENTRY_CONFIRMED');
    const { stalenessReport } = await (await clientOf(app, coordinatorKz)).query(REPORT, {});
    expect(stalenessReport[0]).toMatchObject({ entries: 2, stale: 1, escalated: 1 });

    await sweepNow(app);
    expect(await notifications(aigerim, 'DIRECTORY_CONFIRMATION_DUE')).toHaveLength(1);
    app.clock.set(afterConfirmation(167));
    await sweepNow(app);
    expect(await notifications(aigerim, 'DIRECTORY_CONFIRMATION_DUE')).toHaveLength(1);
    app.clock.set(afterConfirmation(168));
    await sweepNow(app);
    await sweepNow(app);
    expect(await notifications(aigerim, 'DIRECTORY_CONFIRMATION_DUE')).toHaveLength(2);
  });

  it('lets a coordinator confirm for a person without an account, in their own state only', async () => {
    const kz = await clientOf(app, coordinatorKz);
    const { confirmDirectoryEntry } = await kz.query(CONFIRM_ON_BEHALF, { id: entry.bakhyt });
    expect(confirmDirectoryEntry).toMatchObject({ focalPointId: entry.bakhyt, state: 'CURRENT' });
    // A person with an account confirms their own entry.
    expect(await kz.errorCodes(CONFIRM_ON_BEHALF, { id: entry.aigerim })).toEqual(['FORBIDDEN']);
    // Not an active entry.
    expect(await kz.errorCodes(CONFIRM_ON_BEHALF, { id: entry.suspended })).toEqual(['CONFLICT']);
    // Another state's entries do not exist for this coordinator.
    const tj = await clientOf(app, coordinatorTj);
    expect(await tj.errorCodes(CONFIRM_ON_BEHALF, { id: entry.bakhyt })).toEqual(['NOT_FOUND']);
    expect(await tj.errorCodes(CONFIRM_ON_BEHALF, { id: 'not-an-id' })).toEqual(['NOT_FOUND']);
    // Nobody else confirms for a person; an account without an entry has nothing to confirm.
    const secretariat = await clientOf(app, admin);
    expect(await secretariat.errorCodes(CONFIRM_ON_BEHALF, { id: entry.bakhyt })).toEqual([
      'FORBIDDEN',
    ]);
    expect(await secretariat.errorCodes(CONFIRM_MINE)).toEqual(['NOT_FOUND']);
    expect((await secretariat.query(MY_FRESHNESS)).myEntryFreshness).toBeNull();

    const audit = await app.api.get(DataSource).query<{ actor_id: string; details: object }[]>(
      `SELECT actor_id, details FROM audit_pending WHERE subject_id = $1 AND type = 'DIRECTORY_ENTRY_CONFIRMED'
        UNION ALL SELECT actor_id, details FROM audit_entry WHERE subject_id = $1 AND type = 'DIRECTORY_ENTRY_CONFIRMED'`,
      [entry.bakhyt],
    );
    expect(audit).toEqual([
      {
        actor_id: coordinatorKz.id,
        details: expect.objectContaining({ onBehalf: true, wasStale: true, wasEscalated: true }),
      },
    ]);
  });
  it('shares the work between sweeps running at once: each step once per entry, across batches', async () => {
    const now = app.clock.now();
    const dataSource = app.api.get(DataSource);
    // 250 entries of a state without accounts or coordinators, all 12 days from their due date.
    const first = await insertFocalPoint(app, {
      state: 'KG',
      fullName: 'Kyrgyz focal point 0',
      networks: ['economic-crimes'],
      lastConfirmedAt: new Date(now.getTime() - 170 * DAY_MS),
    });
    await dataSource.query(
      `WITH added AS (
         INSERT INTO focal_point (member_state_code, authority_id, full_name, title, time_zone,
                                  availability, last_confirmed_at)
         SELECT 'KG', authority_id, 'Kyrgyz focal point ' || i, title, time_zone, availability,
                last_confirmed_at
           FROM focal_point, generate_series(1, 249) AS i WHERE id = $1
         RETURNING id)
       INSERT INTO network_membership (focal_point_id, network_id, role)
       SELECT added.id, network.id, 'primary' FROM added, network WHERE network.key = 'economic-crimes'`,
      [first],
    );
    const sweeper = app.worker!.get(FreshnessSweeper);
    await Promise.all([1, 2, 3].map(() => sweeper.sweep(now)));
    const [{ entries, reminded, audited, distinct }] = await dataSource.query<
      { entries: number; reminded: number; audited: number; distinct: number }[]
    >(
      `SELECT (SELECT count(*)::int FROM focal_point WHERE member_state_code = 'KG') AS entries,
              (SELECT count(*)::int FROM focal_point
                WHERE member_state_code = 'KG' AND reminded_at IS NOT NULL) AS reminded,
              count(*)::int AS audited, count(DISTINCT subject_id)::int AS distinct
         FROM (SELECT subject_id FROM audit_pending
                WHERE type = 'DIRECTORY_CONFIRMATION_REMINDED' AND member_state = 'KG'
               UNION ALL
               SELECT subject_id FROM audit_entry
                WHERE type = 'DIRECTORY_CONFIRMATION_REMINDED' AND member_state = 'KG') AS events`,
    );
    expect({ entries, reminded, audited, distinct }).toEqual({
      entries: 250,
      reminded: 250,
      audited: 250,
      distinct: 250,
    });
  });
});
