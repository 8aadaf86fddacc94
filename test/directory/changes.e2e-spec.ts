import { Role } from '@fpn/identity';
import {
  createTestAccount,
  signInTestAccount,
  startTestApp,
  startTestSmtpServer,
  type TestAccount,
  type TestApp,
  type TestSession,
  type TestSmtpServer,
  withPgClient,
} from '@fpn/testing';
import {
  APPROVE,
  CHANGE,
  CHANGES,
  HISTORY,
  newEntry,
  NOTIFICATIONS,
  PROPOSE,
  REJECT,
  WITHDRAW,
} from './directory-change-fixtures';

/**
 * The paper trail: a state's coordinator proposes for their own state only,
 * the Secretariat approves (applied in one transaction, with its history,
 * audit entry and notifications) or rejects; coordinators withdraw their own.
 */
describe('directory changes: proposals and decisions', () => {
  let app: TestApp;
  let smtp: TestSmtpServer;
  let admin: TestAccount;
  let coordinatorKz: TestAccount;
  let focalKz: TestAccount;
  let adminSession: TestSession;
  let officerSession: TestSession;
  let kz: TestSession;
  let kz2: TestSession;
  let tr: TestSession;

  const sql = <T>(text: string, params: unknown[] = []) =>
    withPgClient(
      app.database.ownerUrl,
      async (client) => (await client.query(text, params)).rows as T[],
    );

  const auditOf = (subjectId: string) =>
    sql<{ type: string; actor_id: string; member_state: string | null }>(
      `SELECT type, actor_id, member_state FROM (
         SELECT type, actor_id, member_state, subject_id, id AS pending_id FROM audit_pending
         UNION ALL SELECT type, actor_id, member_state, subject_id, pending_id FROM audit_entry) e
        WHERE subject_id = $1 ORDER BY pending_id`,
      [subjectId],
    );

  const countChanges = async () =>
    Number((await sql<{ n: string }>('SELECT count(*) AS n FROM directory_change'))[0].n);

  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    app = await startTestApp({
      env: { SMTP_URL: smtp.url, SIGNIN_FREE_ATTEMPTS_PER_ADDRESS: '1000' },
    });
    const account = (email: string, role: Role, memberStateCode: string | null = null) =>
      createTestAccount(app, { email, role, memberStateCode });
    admin = await account('admin@secretariat.example', Role.SECRETARIAT_ADMIN);
    const officer = await account('officer@secretariat.example', Role.SECRETARIAT_OFFICER);
    coordinatorKz = await account('coordinator@mfa.kz.example', Role.STATE_COORDINATOR, 'KZ');
    const coordinatorKz2 = await account('deputy@mfa.kz.example', Role.STATE_COORDINATOR, 'KZ');
    const coordinatorTr = await account('coordinator@mfa.tr.example', Role.STATE_COORDINATOR, 'TR');
    focalKz = await account('duty@police.kz.example', Role.FOCAL_POINT, 'KZ');
    adminSession = await signInTestAccount(app, admin);
    officerSession = await signInTestAccount(app, officer);
    kz = await signInTestAccount(app, coordinatorKz);
    kz2 = await signInTestAccount(app, coordinatorKz2);
    tr = await signInTestAccount(app, coordinatorTr);
  });
  afterAll(async () => {
    await app?.close();
    await smtp?.close();
  });

  it('proposal by the KZ coordinator → approval → the entry, its history, its audit entry and notifications', async () => {
    const entry = newEntry({
      fullName: 'Айгерим Нурланова',
      memberships: [{ networkKey: 'law-enforcement', role: 'PRIMARY' }],
      userId: focalKz.id,
    });
    const { proposeDirectoryChange: proposal } = await kz.client.query(PROPOSE, {
      input: { memberStateCode: 'KZ', reason: 'Appointed by order No. 12', addFocalPoint: entry },
    });
    expect(proposal).toMatchObject({
      memberStateCode: 'KZ',
      kind: 'ADD_FOCAL_POINT',
      status: 'PENDING',
      reason: 'Appointed by order No. 12',
      proposedBy: coordinatorKz.id,
      appliedEntityId: null,
    });
    // Stored normalized: the phone number without spacing.
    expect(JSON.parse(proposal.payload).contactChannels[1]).toEqual({
      kind: 'mobile',
      value: '+77015551234',
      note: null,
    });

    // Nothing is in the directory yet; the Secretariat is told in the app.
    expect(
      await sql('SELECT id FROM focal_point WHERE full_name = $1', ['Айгерим Нурланова']),
    ).toEqual([]);
    for (const session of [adminSession, officerSession]) {
      const { notifications } = await session.client.query(NOTIFICATIONS);
      const proposed = notifications.entries.find((n) => n.kind === 'DIRECTORY_CHANGE_PROPOSED');
      expect(JSON.parse(proposed!.params)).toMatchObject({
        changeId: proposal.id,
        changeKind: 'add_focal_point',
        memberStateCode: 'KZ',
      });
    }

    const { approveDirectoryChange: approved } = await adminSession.client.query(APPROVE, {
      id: proposal.id,
    });
    expect(approved).toMatchObject({ status: 'APPROVED', decidedBy: admin.id });
    const entryId = approved.appliedEntityId!;

    // The entry, its authority, its membership and its account, as proposed.
    const [row] = await sql<Record<string, unknown>>(
      `SELECT f.full_name, f.title, f.languages, f.time_zone, f.availability, f.contact_channels,
              f.status, f.user_id, f.version, a.name_en, a.name_ru, a.kind AS authority_kind
         FROM focal_point f JOIN authority a ON a.id = f.authority_id WHERE f.id = $1`,
      [entryId],
    );
    expect(row).toEqual({
      full_name: 'Айгерим Нурланова',
      title: 'Head of the duty desk',
      languages: ['ru', 'kk', 'en'],
      time_zone: 'Asia/Almaty',
      availability: 'round_the_clock',
      contact_channels: [
        {
          kind: 'email',
          value: (entry.contactChannels as { value: string }[])[0].value,
          note: 'duty desk',
        },
        { kind: 'mobile', value: '+77015551234', note: null },
      ],
      status: 'active',
      user_id: focalKz.id,
      version: 1,
      name_en: (entry.newAuthority as { nameEn: string }).nameEn,
      name_ru: (entry.newAuthority as { nameRu: string }).nameRu,
      authority_kind: 'police',
    });
    expect(
      await sql(
        `SELECT n.key, m.role FROM network_membership m JOIN network n ON n.id = m.network_id
          WHERE m.focal_point_id = $1`,
        [entryId],
      ),
    ).toEqual([{ key: 'law-enforcement', role: 'primary' }]);

    // Its history: version 1, who, why and what, for the coordinator and the person alike.
    const { directoryHistory } = await kz.client.query(HISTORY, { entityId: entryId });
    expect(directoryHistory.entries).toHaveLength(1);
    const [version] = directoryHistory.entries;
    expect(version).toMatchObject({
      entityType: 'FOCAL_POINT',
      entityId: entryId,
      memberStateCode: 'KZ',
      version: 1,
      actorId: admin.id,
      actorRole: 'SECRETARIAT_ADMIN',
      reason: 'Appointed by order No. 12',
      changeId: proposal.id,
    });
    expect(JSON.parse(version.changes)).toMatchObject({
      fullName: { from: null, to: 'Айгерим Нурланова' },
      'memberships.law-enforcement': { from: null, to: 'primary' },
      userId: { from: null, to: focalKz.id },
      status: { from: null, to: 'active' },
    });
    const person = await signInTestAccount(app, focalKz);
    expect(
      (await person.client.query(HISTORY, { entityId: entryId })).directoryHistory.entries,
    ).toHaveLength(1);
    // The new authority has a history of its own.
    const authorityHistory = await adminSession.client.query(HISTORY, {
      entityId: (
        await sql<{ authority_id: string }>('SELECT authority_id FROM focal_point WHERE id = $1', [
          entryId,
        ])
      )[0].authority_id,
    });
    expect(authorityHistory.directoryHistory.entries).toMatchObject([
      { entityType: 'AUTHORITY', version: 1, changeId: proposal.id },
    ]);

    // The audit log: proposed by the coordinator, approved by the Secretariat, for KZ.
    expect(await auditOf(proposal.id)).toEqual([
      { type: 'DIRECTORY_CHANGE_PROPOSED', actor_id: coordinatorKz.id, member_state: 'KZ' },
      { type: 'DIRECTORY_CHANGE_APPROVED', actor_id: admin.id, member_state: 'KZ' },
    ]);

    // The proposer learns the decision by e-mail (and in the app); the person, that their entry exists.
    const decision = await smtp.waitFor((mail) => mail.to === coordinatorKz.email, 15_000);
    expect(decision.subject).toBe('Your directory change was approved');
    expect(decision.text).toContain(proposal.id);
    const created = await smtp.waitFor((mail) => mail.to === focalKz.email, 15_000);
    expect(created.subject).toBe('Your directory entry was created');
    for (const mail of [decision, created]) {
      // Content-free: no contact detail of the entry travels by e-mail.
      expect(mail.text).not.toContain('+77015551234');
      expect(mail.text).not.toContain('@police.example');
      expect(mail.text).not.toContain('Айгерим');
    }
    const { notifications } = await kz.client.query(NOTIFICATIONS);
    expect(notifications.entries.map((n) => n.kind)).toContain('DIRECTORY_CHANGE_DECIDED');

    // Deciding twice is a conflict.
    expect(await adminSession.client.errorCodes(APPROVE, { id: proposal.id })).toEqual([
      'CONFLICT',
    ]);
    expect(
      await adminSession.client.errorCodes(REJECT, { id: proposal.id, reason: 'Too late now' }),
    ).toEqual(['CONFLICT']);
  });

  it('the KZ coordinator proposing for TR is refused, audited, and nothing changes', async () => {
    const before = await countChanges();
    const refused = await kz.client.request(PROPOSE, {
      input: { memberStateCode: 'TR', reason: 'Trying another state', addFocalPoint: newEntry() },
    });
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await countChanges()).toBe(before);
    expect(await sql("SELECT id FROM directory_change WHERE member_state_code = 'TR'")).toEqual([]);
    expect(await sql("SELECT id FROM focal_point WHERE member_state_code = 'TR'")).toEqual([]);
    const denials = await sql<{ details: Record<string, string> }>(
      `SELECT details FROM (SELECT type, actor_id, details FROM audit_pending
                            UNION ALL SELECT type, actor_id, details FROM audit_entry) e
        WHERE type = 'AUTHORIZATION_DENIED' AND actor_id = $1`,
      [coordinatorKz.id],
    );
    expect(denials.map((row) => row.details)).toContainEqual({
      operation: 'proposeDirectoryChange',
      why: 'object-scope',
      requestedState: 'TR',
    });

    // TR's own coordinator may; TR's entries and proposals do not exist for KZ.
    const { proposeDirectoryChange: trProposal } = await tr.client.query(PROPOSE, {
      input: { memberStateCode: 'TR', reason: 'Appointment', addFocalPoint: newEntry() },
    });
    const { approveDirectoryChange } = await adminSession.client.query(APPROVE, {
      id: trProposal.id,
    });
    const trEntry = approveDirectoryChange.appliedEntityId!;
    expect(await kz.client.errorCodes(CHANGE, { id: trProposal.id })).toEqual(['NOT_FOUND']);
    expect(await kz.client.errorCodes(HISTORY, { entityId: trEntry })).toEqual(['NOT_FOUND']);
    expect(await kz.client.errorCodes(CHANGES, { filter: { memberStateCode: 'TR' } })).toEqual([
      'FORBIDDEN',
    ]);
    const { directoryChanges } = await kz.client.query(CHANGES, { first: 100 });
    expect(new Set(directoryChanges.entries.map((change) => change.memberStateCode))).toEqual(
      new Set(['KZ']),
    );
    // Naming TR's entry under KZ finds nothing either.
    expect(
      await kz.client.errorCodes(PROPOSE, {
        input: {
          memberStateCode: 'KZ',
          reason: 'Retire',
          retireFocalPoint: { focalPointId: trEntry },
        },
      }),
    ).toEqual(['NOT_FOUND']);
  });

  it('refuses bad input with the field named, and stores nothing', async () => {
    const before = await countChanges();
    const propose = (change: Record<string, unknown>) =>
      kz.client.request(PROPOSE, {
        input: { memberStateCode: 'KZ', reason: 'New appointment', ...change },
      });
    const refusal = async (change: Record<string, unknown>) => {
      const response = await propose(change);
      const error = response.errors?.[0];
      return { code: error?.extensions?.code, field: error?.extensions?.field };
    };
    const channel = (kind: string, value: string) => ({ contactChannels: [{ kind, value }] });

    expect(
      await refusal({ addFocalPoint: newEntry(channel('EMAIL', 'duty desk@police.kz')) }),
    ).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'addFocalPoint.contactChannels[0].value',
    });
    expect(await refusal({ addFocalPoint: newEntry(channel('PHONE', '8 (7172) 74-12')) })).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'addFocalPoint.contactChannels[0].value',
    });
    expect(await refusal({ addFocalPoint: newEntry({ timeZone: 'Asia/Atlantis' }) })).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'addFocalPoint.timeZone',
    });
    expect(await refusal({ addFocalPoint: newEntry({ languages: ['ru', 'kz'] }) })).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'addFocalPoint.languages',
    });
    expect(await refusal({ addFocalPoint: newEntry({ title: 'x'.repeat(301) }) })).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'addFocalPoint.title',
    });
    expect(
      await refusal({
        addFocalPoint: newEntry({ memberships: [{ networkKey: 'space-piracy', role: 'PRIMARY' }] }),
      }),
    ).toEqual({ code: 'BAD_USER_INPUT', field: 'addFocalPoint.memberships[0].networkKey' });
    expect(
      (await propose({ reason: 'no', addAuthority: { nameEn: 'X', kind: 'FIU' } })).errors?.[0]
        .extensions,
    ).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'reason',
    });

    // The account of focalKz is linked already (first test); a TR account is not KZ's.
    expect(await refusal({ addFocalPoint: newEntry({ userId: focalKz.id }) })).toEqual({
      code: 'CONFLICT',
      field: 'addFocalPoint.userId',
    });
    const trPerson = await createTestAccount(app, {
      email: 'someone@police.tr.example',
      role: Role.FOCAL_POINT,
      memberStateCode: 'TR',
    });
    expect(await refusal({ addFocalPoint: newEntry({ userId: trPerson.id }) })).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'addFocalPoint.userId',
    });

    // A membership the entry already has.
    const [entry] = await sql<{ id: string }>(
      `SELECT f.id FROM focal_point f WHERE f.user_id = $1`,
      [focalKz.id],
    );
    expect(
      await refusal({
        addMembership: { focalPointId: entry.id, networkKey: 'law-enforcement', role: 'ALTERNATE' },
      }),
    ).toEqual({ code: 'CONFLICT', field: 'addMembership.networkKey' });
    expect(
      await refusal({
        addMembership: { focalPointId: entry.id, networkKey: 'no-such-network', role: 'ALTERNATE' },
      }),
    ).toEqual({ code: 'BAD_USER_INPUT', field: 'addMembership.networkKey' });

    expect(await countChanges()).toBe(before);
    // The check ran the change in a savepoint: nothing of it is left behind.
    expect(
      await sql(
        "SELECT id FROM authority WHERE name_en LIKE 'Agency %' AND id NOT IN (SELECT authority_id FROM focal_point)",
      ),
    ).toEqual([]);
  });

  it('rejection with a reason, and withdrawal by the proposer only', async () => {
    const { proposeDirectoryChange: rejected } = await kz.client.query(PROPOSE, {
      input: {
        memberStateCode: 'KZ',
        reason: 'The FIU is now separate',
        addAuthority: { nameEn: 'Financial Monitoring Agency', kind: 'FIU' },
      },
    });
    expect(await adminSession.client.errorCodes(REJECT, { id: rejected.id, reason: 'no' })).toEqual(
      ['BAD_USER_INPUT'],
    );
    const { rejectDirectoryChange } = await officerSession.client.query(REJECT, {
      id: rejected.id,
      reason: 'Send the note verbale first',
    });
    expect(rejectDirectoryChange).toMatchObject({
      status: 'REJECTED',
      decisionReason: 'Send the note verbale first',
      appliedEntityId: null,
    });
    expect(await adminSession.client.errorCodes(APPROVE, { id: rejected.id })).toEqual([
      'CONFLICT',
    ]);
    expect(
      await sql("SELECT id FROM authority WHERE name_en = 'Financial Monitoring Agency'"),
    ).toEqual([]);
    const mail = await smtp.waitFor(
      (m) => m.to === coordinatorKz.email && m.subject.includes('rejected'),
      15_000,
    );
    expect(mail.text).toContain(rejected.id);

    const { proposeDirectoryChange: withdrawn } = await kz.client.query(PROPOSE, {
      input: {
        memberStateCode: 'KZ',
        reason: 'Customs reorganised',
        addAuthority: { nameEn: 'State Revenue Committee', kind: 'CUSTOMS' },
      },
    });
    expect(await kz2.client.errorCodes(WITHDRAW, { id: withdrawn.id })).toEqual(['FORBIDDEN']);
    expect(await tr.client.errorCodes(WITHDRAW, { id: withdrawn.id })).toEqual(['NOT_FOUND']);
    expect(await adminSession.client.errorCodes(WITHDRAW, { id: withdrawn.id })).toEqual([
      'FORBIDDEN',
    ]);
    expect(
      (await kz.client.query(WITHDRAW, { id: withdrawn.id })).withdrawDirectoryChange,
    ).toMatchObject({
      status: 'WITHDRAWN',
      decidedBy: coordinatorKz.id,
    });
    expect(await kz.client.errorCodes(WITHDRAW, { id: withdrawn.id })).toEqual(['CONFLICT']);
    expect(await adminSession.client.errorCodes(APPROVE, { id: withdrawn.id })).toEqual([
      'CONFLICT',
    ]);

    expect((await auditOf(rejected.id)).map((e) => e.type)).toEqual([
      'DIRECTORY_CHANGE_PROPOSED',
      'DIRECTORY_CHANGE_REJECTED',
    ]);
    expect((await auditOf(withdrawn.id)).map((e) => e.type)).toEqual([
      'DIRECTORY_CHANGE_PROPOSED',
      'DIRECTORY_CHANGE_WITHDRAWN',
    ]);
    const { directoryChanges } = await kz.client.query(CHANGES, {
      filter: { status: 'WITHDRAWN' },
    });
    expect(directoryChanges.entries.map((change) => change.id)).toEqual([withdrawn.id]);
  });

  it('applies an approval atomically: when the directory changed meanwhile, nothing of it remains', async () => {
    const person = await createTestAccount(app, {
      email: 'analyst@fiu.kz.example',
      role: Role.FOCAL_POINT,
      memberStateCode: 'KZ',
    });
    const { proposeDirectoryChange: existing } = await kz.client.query(PROPOSE, {
      input: { memberStateCode: 'KZ', reason: 'Existing analyst', addFocalPoint: newEntry() },
    });
    const entryId = (await adminSession.client.query(APPROVE, { id: existing.id }))
      .approveDirectoryChange.appliedEntityId!;

    // Two proposals want the same account: the new entry (with a new authority and a network) and a link.
    const { proposeDirectoryChange: big } = await kz.client.query(PROPOSE, {
      input: {
        memberStateCode: 'KZ',
        reason: 'New FIU analyst',
        addFocalPoint: newEntry({
          fullName: 'Данияр Сейткали',
          newAuthority: { nameEn: 'Financial Intelligence Unit', kind: 'FIU' },
          memberships: [{ networkKey: 'economic-crimes', role: 'PRIMARY' }],
          userId: person.id,
        }),
      },
    });
    const { proposeDirectoryChange: link } = await kz.client.query(PROPOSE, {
      input: {
        memberStateCode: 'KZ',
        reason: 'The analyst uses the existing entry',
        linkAccount: { focalPointId: entryId, userId: person.id },
      },
    });
    await adminSession.client.query(APPROVE, { id: link.id });

    // The authority and the entry are written before the account is found taken: all rolled back.
    const failed = await adminSession.client.request(APPROVE, { id: big.id });
    expect(failed.errors?.[0].extensions).toMatchObject({
      code: 'CONFLICT',
      field: 'addFocalPoint.userId',
    });
    expect(
      await sql("SELECT id FROM authority WHERE name_en = 'Financial Intelligence Unit'"),
    ).toEqual([]);
    expect(await sql("SELECT id FROM focal_point WHERE full_name = 'Данияр Сейткали'")).toEqual([]);
    expect(await sql('SELECT id FROM directory_version WHERE change_id = $1', [big.id])).toEqual(
      [],
    );
    expect((await adminSession.client.query(CHANGE, { id: big.id })).directoryChange).toMatchObject(
      {
        status: 'PENDING',
        appliedEntityId: null,
      },
    );
    expect((await auditOf(big.id)).map((e) => e.type)).toEqual([
      'DIRECTORY_CHANGE_PROPOSED',
      'DIRECTORY_CHANGE_APPROVAL_FAILED',
    ]);

    // A membership that became a duplicate between proposal and approval.
    const addToNetwork = (role: string) =>
      kz.client.query(PROPOSE, {
        input: {
          memberStateCode: 'KZ',
          reason: 'Border control duty',
          addMembership: { focalPointId: entryId, networkKey: 'border-control', role },
        },
      });
    const first = (await addToNetwork('PRIMARY')).proposeDirectoryChange;
    const second = (await addToNetwork('ALTERNATE')).proposeDirectoryChange;
    await adminSession.client.query(APPROVE, { id: first.id });
    const [{ version }] = await sql<{ version: number }>(
      'SELECT version FROM focal_point WHERE id = $1',
      [entryId],
    );
    expect(await adminSession.client.errorCodes(APPROVE, { id: second.id })).toEqual(['CONFLICT']);
    expect(
      await sql(
        `SELECT m.role FROM network_membership m JOIN network n ON n.id = m.network_id
          WHERE m.focal_point_id = $1 AND n.key = 'border-control'`,
        [entryId],
      ),
    ).toEqual([{ role: 'primary' }]);
    expect(await sql('SELECT version FROM focal_point WHERE id = $1', [entryId])).toEqual([
      { version },
    ]);

    // The history tells the story of the entry, newest first.
    const { directoryHistory } = await kz.client.query(HISTORY, { entityId: entryId });
    expect(
      directoryHistory.entries.map((v) => [v.version, Object.keys(JSON.parse(v.changes))]),
    ).toEqual([
      [3, ['memberships.border-control']],
      [2, ['userId']],
      [1, expect.arrayContaining(['fullName', 'contactChannels'])],
    ]);
    const paged = await kz.client.query(HISTORY, { entityId: entryId, first: 2 });
    const rest = await kz.client.query(HISTORY, {
      entityId: entryId,
      first: 2,
      after: paged.directoryHistory.nextCursor!,
    });
    expect(rest.directoryHistory).toMatchObject({ entries: [{ version: 1 }], nextCursor: null });
  });
});
