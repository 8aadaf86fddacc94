import { FocalPointStatus } from '@fpn/directory';
import { Role } from '@fpn/identity';
import {
  createTestAccount,
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
} from './deadline-fixtures';

const T0 = new Date('2026-01-15T09:00:00Z');
const DEADLINE = new Date(T0.getTime() + 3 * DAY_MS);

interface StateResult {
  memberStateCode: string;
  outcome: string;
  expected: number;
  acknowledgedInTime: number;
  acknowledgedLate: number;
}
interface Acknowledgement {
  checkId: string;
  focalPointId: string;
  acknowledgedAt: string | null;
  late: boolean;
}
interface Check {
  id: string;
  network: { key: string; name: string };
  startedAt: string;
  deadline: string;
  acceptsLateUntil: string;
  status: string;
  closedAt: string | null;
  results: StateResult[];
  myAcknowledgement: Acknowledgement | null;
}
const CHECK_FIELDS = `
  id network { key name(lang: RU) } startedAt deadline acceptsLateUntil status closedAt
  results { memberStateCode outcome expected acknowledgedInTime acknowledgedLate }
  myAcknowledgement { checkId focalPointId acknowledgedAt late }
`;
const START = gql<{ startCommunicationCheck: Check }, { networkKey: string; deadline: string }>`
  mutation ($networkKey: String!, $deadline: DateTime!) {
    startCommunicationCheck(networkKey: $networkKey, deadline: $deadline) { ${CHECK_FIELDS} }
  }
`;
const ACKNOWLEDGE = gql<{ acknowledgeCommunicationCheck: Acknowledgement }, { id: string }>`
  mutation ($id: ID!) {
    acknowledgeCommunicationCheck(checkId: $id) {
      checkId
      focalPointId
      acknowledgedAt
      late
    }
  }
`;
const CHECK = gql<{ communicationCheck: Check }, { id: string }>`
  query ($id: ID!) { communicationCheck(id: $id) { ${CHECK_FIELDS} } }
`;
const CHECKS = gql<
  { communicationChecks: { checks: Check[]; nextCursor: string | null } },
  { networkKey?: string; first?: number; after?: string }
>`
  query ($networkKey: String, $first: Int, $after: String) {
    communicationChecks(networkKey: $networkKey, first: $first, after: $after) {
      checks { ${CHECK_FIELDS} }
      nextCursor
    }
  }
`;

const result = (
  memberStateCode: string,
  outcome: string,
  expected: number,
  acknowledgedInTime = 0,
  acknowledgedLate = 0,
): StateResult => ({ memberStateCode, outcome, expected, acknowledgedInTime, acknowledgedLate });

describe('communication checks: from start to the per-state result', () => {
  let smtp: TestSmtpServer;
  let app: TestApp;
  let admin: TestAccount;
  let coordinatorKz: TestAccount;
  let coordinatorTj: TestAccount;
  /** Focal points of law enforcement (two of KZ, one each of TJ and UZ) and one of border control only. */
  let kzFirst: TestAccount;
  let kzSecond: TestAccount;
  let tajik: TestAccount;
  let uzbek: TestAccount;
  let outsider: TestAccount;
  let checkId: string;

  async function countRows(sql: string, params: unknown[] = []): Promise<number> {
    const [{ count }] = await app.api
      .get(DataSource)
      .query<{ count: number }[]>(`SELECT count(*)::int AS count FROM (${sql}) AS rows`, params);
    return count;
  }
  const auditCount = (type: string) =>
    countRows(
      `SELECT 1 FROM audit_pending WHERE type = $1 AND subject_id = $2
        UNION ALL SELECT 1 FROM audit_entry WHERE type = $1 AND subject_id = $2`,
      [type, checkId],
    );

  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    app = await startTestApp({ env: { ...DEADLINE_TEST_ENV, SMTP_URL: smtp.url } });
    const account = (email: string, role: Role, state: string | null) =>
      createTestAccount(app, { email, role, memberStateCode: state });
    admin = await account('admin@secretariat.example', Role.SECRETARIAT_ADMIN, null);
    coordinatorKz = await account('coordinator@mfa.kz.example', Role.STATE_COORDINATOR, 'KZ');
    coordinatorTj = await account('coordinator@mfa.tj.example', Role.STATE_COORDINATOR, 'TJ');
    kzFirst = await account('first@police.kz.example', Role.FOCAL_POINT, 'KZ');
    kzSecond = await account('second@police.kz.example', Role.FOCAL_POINT, 'KZ');
    tajik = await account('duty@police.tj.example', Role.FOCAL_POINT, 'TJ');
    uzbek = await account('duty@police.uz.example', Role.FOCAL_POINT, 'UZ');
    outsider = await account('border@customs.kz.example', Role.FOCAL_POINT, 'KZ');
    app.clock.set(T0);
    const linked = (state: string, person: TestAccount, networks = ['law-enforcement']) =>
      insertFocalPoint(app, { state, fullName: person.email, networks, userId: person.id });
    await linked('KZ', kzFirst);
    await linked('KZ', kzSecond);
    await linked('TJ', tajik);
    await linked('UZ', uzbek);
    await linked('KZ', outsider, ['border-control']);
    // Expected without an account (silent unless linked); a suspended entry is not asked.
    await insertFocalPoint(app, {
      state: 'KG',
      fullName: 'No Account',
      networks: ['law-enforcement'],
    });
    await insertFocalPoint(app, {
      state: 'KZ',
      fullName: 'Suspended Person',
      networks: ['law-enforcement'],
      status: FocalPointStatus.SUSPENDED,
    });
  });
  afterAll(async () => {
    await app?.close();
    await smtp?.close();
  });

  it('refuses a bad start and changes nothing', async () => {
    const secretariat = await clientOf(app, admin);
    const start = (networkKey: string, deadline: Date) =>
      secretariat.request(START, { networkKey, deadline: deadline.toISOString() });
    const refusal = async (networkKey: string, deadline: Date) => {
      const { errors } = await start(networkKey, deadline);
      return { code: errors?.[0].extensions?.code, field: errors?.[0].extensions?.field };
    };
    const now = app.clock.now();
    expect(await refusal('law-enforcement', new Date(now.getTime() - 1000))).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'deadline',
    });
    expect(await refusal('law-enforcement', new Date(now.getTime() + 31 * DAY_MS))).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'deadline',
    });
    expect(await refusal('no-such-network', DEADLINE)).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'networkKey',
    });
    // Nobody is active in WMD non-proliferation: nothing to check.
    expect(await refusal('wmd-nonproliferation', DEADLINE)).toMatchObject({ code: 'CONFLICT' });
    const coordinator = await clientOf(app, coordinatorKz);
    expect(
      await coordinator.errorCodes(START, {
        networkKey: 'law-enforcement',
        deadline: DEADLINE.toISOString(),
      }),
    ).toEqual(['FORBIDDEN']);
    expect(await countRows('SELECT 1 FROM communication_check')).toBe(0);
    expect(await countRows('SELECT 1 FROM notification')).toBe(0);
  });

  it('asks every active focal point of the network, in the app and by e-mail', async () => {
    const secretariat = await clientOf(app, admin);
    const { startCommunicationCheck: check } = await secretariat.query(START, {
      networkKey: 'law-enforcement',
      deadline: DEADLINE.toISOString(),
    });
    checkId = check.id;
    expect(check).toMatchObject({
      network: { key: 'law-enforcement', name: 'Правоохранительная деятельность' },
      deadline: DEADLINE.toISOString(),
      acceptsLateUntil: new Date(DEADLINE.getTime() + 7 * DAY_MS).toISOString(),
      status: 'OPEN',
      closedAt: null,
      myAcknowledgement: null,
    });
    expect(check.results).toEqual([
      result('KG', 'PENDING', 1),
      result('KZ', 'PENDING', 2),
      result('TJ', 'PENDING', 1),
      result('UZ', 'PENDING', 1),
    ]);

    for (const person of [kzFirst, kzSecond, tajik, uzbek]) {
      const mail = await smtp.waitFor((m) => m.to === person.email);
      expect(mail.subject).toBe(
        'Communication check: please acknowledge by 18 January 2026 at 09:00 UTC',
      );
      expect(mail.text).toContain('the network "Law Enforcement"');
      expect(
        await countRows(
          `SELECT 1 FROM notification WHERE user_id = $1 AND kind = 'COMMUNICATION_CHECK_STARTED'
              AND params->>'checkId' = $2`,
          [person.id, checkId],
        ),
      ).toBe(1);
    }
    expect(await countRows('SELECT 1 FROM notification WHERE user_id = $1', [outsider.id])).toBe(0);
    expect(await auditCount('COMMUNICATION_CHECK_STARTED')).toBe(1);

    // One open check per network.
    expect(
      await secretariat.errorCodes(START, {
        networkKey: 'law-enforcement',
        deadline: DEADLINE.toISOString(),
      }),
    ).toEqual(['CONFLICT']);
  });

  it('takes each focal point’s acknowledgement once; each caller sees their part', async () => {
    app.clock.set(new Date(T0.getTime() + DAY_MS));
    const first = await clientOf(app, kzFirst);
    const { acknowledgeCommunicationCheck: ack } = await first.query(ACKNOWLEDGE, { id: checkId });
    expect(ack).toMatchObject({
      checkId,
      acknowledgedAt: app.clock.now().toISOString(),
      late: false,
    });
    app.clock.advance(60_000);
    const again = await first.query(ACKNOWLEDGE, { id: checkId });
    expect(again.acknowledgeCommunicationCheck).toEqual(ack);
    expect(await auditCount('COMMUNICATION_CHECK_ACKNOWLEDGED')).toBe(1);

    // Not expected in it: the check does not exist for them.
    const border = await clientOf(app, outsider);
    expect(await border.errorCodes(ACKNOWLEDGE, { id: checkId })).toEqual(['NOT_FOUND']);
    expect(await border.errorCodes(CHECK, { id: checkId })).toEqual(['NOT_FOUND']);
    expect((await border.query(CHECKS, {})).communicationChecks.checks).toEqual([]);
    const coordinator = await clientOf(app, coordinatorKz);
    expect(await coordinator.errorCodes(ACKNOWLEDGE, { id: checkId })).toEqual(['NOT_FOUND']);

    // A focal point sees the check and their own acknowledgement, not the states' results.
    const second = (await (await clientOf(app, kzSecond)).query(CHECK, { id: checkId }))
      .communicationCheck;
    expect(second.results).toEqual([]);
    expect(second.myAcknowledgement).toMatchObject({ acknowledgedAt: null, late: false });

    // A coordinator sees their own state's line.
    const kz = (await coordinator.query(CHECKS, { networkKey: 'law-enforcement' }))
      .communicationChecks.checks;
    expect(kz.map((check) => [check.id, check.results])).toEqual([
      [checkId, [result('KZ', 'ACKNOWLEDGED', 2, 1)]],
    ]);
    const tj = (await (await clientOf(app, coordinatorTj)).query(CHECK, { id: checkId }))
      .communicationCheck;
    expect(tj.results).toEqual([result('TJ', 'PENDING', 1)]);
  });

  it('closes when the deadline passes and records each state: acknowledged, late, silent', async () => {
    app.clock.set(new Date(DEADLINE.getTime() + 60 * 60 * 1000));
    // After the deadline, before the sweep: late.
    const late = await (await clientOf(app, uzbek)).query(ACKNOWLEDGE, { id: checkId });
    expect(late.acknowledgeCommunicationCheck.late).toBe(true);

    await sweepNow(app);
    await sweepNow(app);
    const secretariat = await clientOf(app, admin);
    const { communicationCheck: closed } = await secretariat.query(CHECK, { id: checkId });
    expect(closed).toMatchObject({ status: 'CLOSED', closedAt: expect.any(String) });
    expect(closed.results).toEqual([
      result('KG', 'SILENT', 1),
      result('KZ', 'ACKNOWLEDGED', 2, 1),
      result('TJ', 'SILENT', 1),
      result('UZ', 'LATE', 1, 0, 1),
    ]);
    expect(await auditCount('COMMUNICATION_CHECK_CLOSED')).toBe(1);
    const [recorded] = await app.api.get(DataSource).query<{ details: Record<string, unknown> }[]>(
      `SELECT details FROM audit_pending WHERE type = 'COMMUNICATION_CHECK_CLOSED'
          UNION ALL SELECT details FROM audit_entry WHERE type = 'COMMUNICATION_CHECK_CLOSED'`,
    );
    expect(recorded.details).toMatchObject({ acknowledged: 1, late: 1, silent: 2 });

    // A late answer after closing still counts, as late, for its state.
    app.clock.advance(2 * DAY_MS);
    await (await clientOf(app, tajik)).query(ACKNOWLEDGE, { id: checkId });
    const tj = (await (await clientOf(app, coordinatorTj)).query(CHECK, { id: checkId }))
      .communicationCheck;
    expect(tj.results).toEqual([result('TJ', 'LATE', 1, 0, 1)]);

    // Seven days after the deadline, no more.
    app.clock.set(new Date(DEADLINE.getTime() + 7 * DAY_MS + 1000));
    const second = await clientOf(app, kzSecond);
    expect(await second.errorCodes(ACKNOWLEDGE, { id: checkId })).toEqual(['CONFLICT']);
    expect(await auditCount('COMMUNICATION_CHECK_ACKNOWLEDGED')).toBe(3);
  });

  it('lists checks newest first, a page at a time', async () => {
    const secretariat = await clientOf(app, admin);
    const { startCommunicationCheck: next } = await secretariat.query(START, {
      networkKey: 'law-enforcement',
      deadline: new Date(app.clock.now().getTime() + DAY_MS).toISOString(),
    });
    const page1 = (await secretariat.query(CHECKS, { first: 1 })).communicationChecks;
    expect(page1.checks.map((check) => check.id)).toEqual([next.id]);
    const page2 = (await secretariat.query(CHECKS, { first: 1, after: page1.nextCursor! }))
      .communicationChecks;
    expect(page2).toMatchObject({ checks: [{ id: checkId }], nextCursor: null });
    expect(
      (await secretariat.query(CHECKS, { networkKey: 'border-control' })).communicationChecks
        .checks,
    ).toEqual([]);
    expect(await secretariat.errorCodes(CHECKS, { first: 101 })).toEqual(['BAD_USER_INPUT']);
    expect(await secretariat.errorCodes(CHECKS, { after: 'garbage' })).toEqual(['BAD_USER_INPUT']);
  });
});
