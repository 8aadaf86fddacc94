import { DirectoryEdits } from '@fpn/directory';
import { Role, UsersService } from '@fpn/identity';
import {
  createTestAccount,
  gql,
  signInTestAccount,
  startTestApp,
  startTestSmtpServer,
  type TestAccount,
  type TestApp,
  type TestSession,
  type TestSmtpServer,
  withPgClient,
} from '@fpn/testing';
import { APPROVE, HISTORY, newEntry, NOTIFICATIONS, PROPOSE } from './directory-change-fixtures';

const CORRECT = gql<
  { correctFocalPoint: { id: string; version: number; title: string; status: string } },
  { id: string; input: Record<string, unknown>; reason: string }
>`
  mutation Correct($id: ID!, $input: FocalPointCorrectionInput!, $reason: String!) {
    correctFocalPoint(id: $id, input: $input, reason: $reason) {
      id
      version
      title
      status
    }
  }
`;

const STATUS_CHANGE = (operation: string) => gql<
  Record<string, { id: string; status: string; version: number }>,
  { id: string; reason: string }
>`
  mutation Status($id: ID!, $reason: String!) {
    ${operation}(id: $id, reason: $reason) {
      id
      status
      version
    }
  }
`;

const CREATE_NETWORK = gql<
  { createNetwork: { id: string; key: string; names: { en: string; ru: string } } },
  { input: Record<string, unknown> }
>`
  mutation CreateNetwork($input: NewNetworkInput!) {
    createNetwork(input: $input) {
      id
      key
      names {
        en
        ru
      }
    }
  }
`;

const UPDATE_NETWORK = gql<
  { updateNetwork: { key: string; names: { en: string; ru: string } } },
  { key: string; input: Record<string, unknown> }
>`
  mutation UpdateNetwork($key: String!, $input: NetworkUpdateInput!) {
    updateNetwork(key: $key, input: $input) {
      key
      names {
        en
        ru
      }
    }
  }
`;

const SET_LANGUAGES = gql<
  { setRequestLanguages: { code: string } },
  { code: string; languages: string[] }
>`
  mutation Languages($code: String!, $languages: [String!]!) {
    setRequestLanguages(
      memberStateCode: $code
      languages: $languages
      reason: "Note verbale 14/2"
    ) {
      code
    }
  }
`;

const SET_NOTES = gql<
  { setRequestNotes: { code: string } },
  { code: string; key: string; en: string; ru: string }
>`
  mutation Notes($code: String!, $key: String!, $en: String!, $ru: String!) {
    setRequestNotes(memberStateCode: $code, networkKey: $key, notesEn: $en, notesRu: $ru) {
      code
    }
  }
`;

const CORRECTION_FIELDS = gql<{
  __type: { inputFields: { name: string }[] };
}>`
  {
    __type(name: "FocalPointCorrectionInput") {
      inputFields {
        name
      }
    }
  }
`;

/**
 * What the Secretariat does without a proposal — correct contact details,
 * suspend, retire, reactivate, networks — and what it cannot: add a person,
 * a membership or an account link. State request information. Who reads
 * which history. The history cannot be rewritten.
 */
describe('directory changes: direct edits, networks, request information, history', () => {
  let app: TestApp;
  let smtp: TestSmtpServer;
  let admin: TestAccount;
  let person: TestAccount;
  let adminSession: TestSession;
  let officerSession: TestSession;
  let kz: TestSession;
  let tr: TestSession;
  let entryId: string;

  const sql = <T>(text: string, params: unknown[] = []) =>
    withPgClient(
      app.database.ownerUrl,
      async (client) => (await client.query(text, params)).rows as T[],
    );
  const snapshot = async (id: string) => ({
    entry: await sql('SELECT * FROM focal_point WHERE id = $1', [id]),
    memberships: await sql(
      'SELECT network_id, role FROM network_membership WHERE focal_point_id = $1',
      [id],
    ),
    versions: await sql('SELECT id FROM directory_version WHERE entity_id = $1', [id]),
  });

  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    app = await startTestApp({
      env: { SMTP_URL: smtp.url, SIGNIN_FREE_ATTEMPTS_PER_ADDRESS: '1000' },
    });
    const account = (email: string, role: Role, memberStateCode: string | null = null) =>
      createTestAccount(app, { email, role, memberStateCode });
    admin = await account('admin@secretariat.example', Role.SECRETARIAT_ADMIN);
    const officer = await account('officer@secretariat.example', Role.SECRETARIAT_OFFICER);
    const coordinatorKz = await account('coordinator@mfa.kz.example', Role.STATE_COORDINATOR, 'KZ');
    const coordinatorTr = await account('coordinator@mfa.tr.example', Role.STATE_COORDINATOR, 'TR');
    person = await account('duty@customs.kz.example', Role.FOCAL_POINT, 'KZ');
    adminSession = await signInTestAccount(app, admin);
    officerSession = await signInTestAccount(app, officer);
    kz = await signInTestAccount(app, coordinatorKz);
    tr = await signInTestAccount(app, coordinatorTr);

    const { proposeDirectoryChange } = await kz.client.query(PROPOSE, {
      input: {
        memberStateCode: 'KZ',
        reason: 'Customs duty officer',
        addFocalPoint: newEntry({
          memberships: [{ networkKey: 'border-control', role: 'ALTERNATE' }],
          userId: person.id,
        }),
      },
    });
    entryId = (await adminSession.client.query(APPROVE, { id: proposeDirectoryChange.id }))
      .approveDirectoryChange.appliedEntityId!;
  });
  afterAll(async () => {
    await app?.close();
    await smtp?.close();
  });

  it('has no direct edit that adds a membership, a person or an account link', async () => {
    // The correction input has contact-detail fields only…
    const { __type } = await adminSession.client.query(CORRECTION_FIELDS);
    expect(__type.inputFields.map((field) => field.name).sort()).toEqual([
      'availability',
      'contactChannels',
      'languages',
      'timeZone',
      'title',
    ]);
    const before = await snapshot(entryId);

    // …so asking it for a membership or an account is refused before anything runs…
    const overGraphql = await adminSession.client.request(
      gql<unknown, { id: string }>`
        mutation ($id: ID!) {
          correctFocalPoint(
            id: $id
            input: { memberships: [{ networkKey: "law-enforcement", role: PRIMARY }] }
            reason: "Adding to law enforcement"
          ) {
            id
          }
        }
      `,
      { id: entryId },
    );
    expect(overGraphql.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const withAccount = await adminSession.client.request(CORRECT, {
      id: entryId,
      input: { userId: admin.id },
      reason: 'Link the account',
    });
    expect(withAccount.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');

    // …and the service refuses it too, whoever calls it, and audits the attempt.
    const adminUser = (await app.api.get(UsersService).findByEmail(admin.email))!;
    const edits = app.api.get(DirectoryEdits);
    await expect(
      edits.correct(
        { user: adminUser, origin: {} },
        entryId,
        { memberships: [{ networkKey: 'law-enforcement', role: 'primary' }] } as never,
        'Adding to law enforcement',
      ),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      edits.correct(
        { user: adminUser, origin: {} },
        entryId,
        { fullName: 'Someone Else' } as never,
        'Rename',
      ),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await snapshot(entryId)).toEqual(before);
    const refusals = await sql<{ details: { operation: string; why: string } }>(
      `SELECT details FROM (SELECT type, actor_id, details FROM audit_pending
                            UNION ALL SELECT type, actor_id, details FROM audit_entry) e
        WHERE type = 'AUTHORIZATION_DENIED' AND actor_id = $1`,
      [admin.id],
    );
    expect(refusals.map((row) => row.details)).toContainEqual({
      operation: 'correctFocalPoint',
      why: 'two-party-rule',
      fields: ['memberships'],
    });
  });

  it('the Secretariat corrects contact details: a version, an audit entry, the person told', async () => {
    const { correctFocalPoint } = await officerSession.client.query(CORRECT, {
      id: entryId,
      input: {
        title: 'Senior duty officer',
        contactChannels: [{ kind: 'PHONE', value: '+7 7172 70 00 00', note: 'duty desk' }],
      },
      reason: 'Corrected after the communication check',
    });
    expect(correctFocalPoint).toMatchObject({ title: 'Senior duty officer', version: 2 });

    const { directoryHistory } = await adminSession.client.query(HISTORY, { entityId: entryId });
    const [latest] = directoryHistory.entries;
    expect(latest).toMatchObject({ version: 2, actorRole: 'SECRETARIAT_OFFICER', changeId: null });
    const changes = JSON.parse(latest.changes) as Record<string, { from: unknown; to: unknown }>;
    expect(Object.keys(changes).sort()).toEqual(['contactChannels', 'title']);
    expect(changes.contactChannels.to).toEqual([
      { kind: 'phone', value: '+77172700000', note: 'duty desk' },
    ]);
    expect(changes.title).toEqual({ from: 'Head of the duty desk', to: 'Senior duty officer' });

    const mail = await smtp.waitFor(
      (m) => m.to === person.email && /corrected/.test(m.subject),
      15_000,
    );
    expect(mail.text).not.toContain('+77172700000');
    const { notifications } = await kz.client.query(NOTIFICATIONS);
    expect(notifications.entries.map((n) => n.kind)).toContain('DIRECTORY_ENTRY_CHANGED');

    // Bad input changes nothing.
    const bad = await adminSession.client.request(CORRECT, {
      id: entryId,
      input: { timeZone: 'Europe/Atlantis' },
      reason: 'Moved',
    });
    expect(bad.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.timeZone',
    });
    // Coordinators and focal points do not edit directly.
    expect(
      await kz.client.errorCodes(CORRECT, { id: entryId, input: { title: 'x' }, reason: 'Mine' }),
    ).toEqual(['FORBIDDEN']);
  });

  it('suspends, reactivates and retires an entry; a retired entry stays retired', async () => {
    const suspend = STATUS_CHANGE('suspendFocalPoint');
    const reactivate = STATUS_CHANGE('reactivateFocalPoint');
    const retire = STATUS_CHANGE('retireFocalPoint');
    expect(await adminSession.client.errorCodes(suspend, { id: entryId, reason: '' })).toEqual([
      'BAD_USER_INPUT',
    ]);
    expect(
      (await adminSession.client.query(suspend, { id: entryId, reason: 'On long leave' }))
        .suspendFocalPoint,
    ).toMatchObject({
      status: 'SUSPENDED',
    });
    expect(await adminSession.client.errorCodes(suspend, { id: entryId, reason: 'Again' })).toEqual(
      ['CONFLICT'],
    );
    expect(
      (await adminSession.client.query(reactivate, { id: entryId, reason: 'Back at the desk' }))
        .reactivateFocalPoint,
    ).toMatchObject({
      status: 'ACTIVE',
    });
    const { retireFocalPoint } = await adminSession.client.query(retire, {
      id: entryId,
      reason: 'Left the service',
    });
    expect(retireFocalPoint.status).toBe('RETIRED');
    // Retirement unlinks the account, and cannot be undone by one party.
    expect(await sql('SELECT user_id FROM focal_point WHERE id = $1', [entryId])).toEqual([
      { user_id: null },
    ]);
    expect(
      await adminSession.client.errorCodes(reactivate, { id: entryId, reason: 'Came back' }),
    ).toEqual(['CONFLICT']);

    const { directoryHistory } = await adminSession.client.query(HISTORY, { entityId: entryId });
    expect(
      directoryHistory.entries.map((v) => [v.version, v.reason, JSON.parse(v.changes).status?.to]),
    ).toEqual([
      [5, 'Left the service', 'retired'],
      [4, 'Back at the desk', 'active'],
      [3, 'On long leave', 'suspended'],
      [2, 'Corrected after the communication check', undefined],
      [1, 'Customs duty officer', 'active'],
    ]);
    const audit = await sql<{ type: string }>(
      `SELECT type FROM (SELECT type, subject_id, id AS pending_id FROM audit_pending
                         UNION ALL SELECT type, subject_id, pending_id FROM audit_entry) e
        WHERE subject_id = $1 ORDER BY pending_id`,
      [entryId],
    );
    expect(audit.map((row) => row.type)).toEqual([
      'DIRECTORY_ENTRY_EDITED',
      'DIRECTORY_ENTRY_SUSPENDED',
      'DIRECTORY_ENTRY_REACTIVATED',
      'DIRECTORY_ENTRY_RETIRED',
    ]);
    await smtp.waitFor((m) => m.to === person.email && /retired/.test(m.subject), 15_000);
  });

  it('shows a history to the Secretariat, the state’s coordinator and the entry’s own person only', async () => {
    const other = await createTestAccount(app, {
      email: 'other@police.kz.example',
      role: Role.FOCAL_POINT,
      memberStateCode: 'KZ',
    });
    const { proposeDirectoryChange } = await kz.client.query(PROPOSE, {
      input: {
        memberStateCode: 'KZ',
        reason: 'Police liaison',
        addFocalPoint: newEntry({ userId: other.id }),
      },
    });
    const ownEntry = (await adminSession.client.query(APPROVE, { id: proposeDirectoryChange.id }))
      .approveDirectoryChange.appliedEntityId!;
    const otherSession = await signInTestAccount(app, other);

    expect(
      (await otherSession.client.query(HISTORY, { entityId: ownEntry })).directoryHistory.entries,
    ).toHaveLength(1);
    expect(await otherSession.client.errorCodes(HISTORY, { entityId: entryId })).toEqual([
      'NOT_FOUND',
    ]);
    expect(await otherSession.client.errorCodes(HISTORY, { entityId: 'KZ' })).toEqual([
      'NOT_FOUND',
    ]);
    expect(await tr.client.errorCodes(HISTORY, { entityId: ownEntry })).toEqual(['NOT_FOUND']);
    expect(
      await kz.client.errorCodes(HISTORY, { entityId: '00000000-0000-4000-8000-000000000000' }),
    ).toEqual(['NOT_FOUND']);
    expect(await app.graphql.errorCodes(HISTORY, { entityId: ownEntry })).toEqual([
      'UNAUTHENTICATED',
    ]);
  });

  it('the Secretariat adds and renames networks, with names in both languages', async () => {
    const officerTry = await officerSession.client.errorCodes(CREATE_NETWORK, {
      input: { key: 'cyber-crime', nameEn: 'Cyber Crime', nameRu: 'Киберпреступность' },
    });
    expect(officerTry).toEqual(['FORBIDDEN']);
    const { createNetwork } = await adminSession.client.query(CREATE_NETWORK, {
      input: {
        key: 'cyber-crime',
        nameEn: 'Cyber Crime',
        nameRu: 'Киберпреступность',
        confirmationIntervalDays: 90,
        reason: 'Approved by the SOC, decision 7',
      },
    });
    expect(createNetwork).toMatchObject({
      key: 'cyber-crime',
      names: { en: 'Cyber Crime', ru: 'Киберпреступность' },
    });
    expect(
      await sql("SELECT confirmation_interval_days FROM network WHERE key = 'cyber-crime'"),
    ).toEqual([{ confirmation_interval_days: 90 }]);
    const refusal = async (input: Record<string, unknown>) => {
      const response = await adminSession.client.request(CREATE_NETWORK, { input });
      return [response.errors?.[0].extensions?.code, response.errors?.[0].extensions?.field];
    };
    expect(await refusal({ key: 'cyber-crime', nameEn: 'Again', nameRu: 'Снова' })).toEqual([
      'CONFLICT',
      'input.key',
    ]);
    expect(await refusal({ key: 'Cyber Crime', nameEn: 'Cyber', nameRu: 'Кибер' })).toEqual([
      'BAD_USER_INPUT',
      'input.key',
    ]);
    expect(await refusal({ key: 'drugs', nameEn: 'Drugs', nameRu: ' ' })).toEqual([
      'BAD_USER_INPUT',
      'input.nameRu',
    ]);
    expect(
      await refusal({
        key: 'drugs',
        nameEn: 'Drugs',
        nameRu: 'Наркотики',
        confirmationIntervalDays: 0,
      }),
    ).toEqual(['BAD_USER_INPUT', 'input.confirmationIntervalDays']);

    const { updateNetwork } = await officerSession.client.query(UPDATE_NETWORK, {
      key: 'cyber-crime',
      input: { nameEn: 'Cybercrime', reason: 'One word, as in the Action Plan' },
    });
    expect(updateNetwork.names).toEqual({ en: 'Cybercrime', ru: 'Киберпреступность' });
    expect(
      await officerSession.client.errorCodes(UPDATE_NETWORK, {
        key: 'no-such',
        input: { nameEn: 'X' },
      }),
    ).toEqual(['NOT_FOUND']);

    const { directoryHistory } = await adminSession.client.query(HISTORY, {
      entityId: createNetwork.id,
    });
    expect(
      directoryHistory.entries.map((v) => [v.version, v.memberStateCode, JSON.parse(v.changes)]),
    ).toEqual([
      [2, null, { nameEn: { from: 'Cyber Crime', to: 'Cybercrime' } }],
      [
        1,
        null,
        {
          key: { from: null, to: 'cyber-crime' },
          nameEn: { from: null, to: 'Cyber Crime' },
          nameRu: { from: null, to: 'Киберпреступность' },
          confirmationIntervalDays: { from: null, to: 90 },
        },
      ],
    ]);
    expect(await kz.client.errorCodes(HISTORY, { entityId: createNetwork.id })).toEqual([
      'NOT_FOUND',
    ]);
  });

  it('a state’s coordinator or the Secretariat writes its request languages and notes', async () => {
    await kz.client.query(SET_LANGUAGES, { code: 'KZ', languages: ['KK', 'ru', 'en'] });
    expect(await sql("SELECT request_languages FROM member_state WHERE code = 'KZ'")).toEqual([
      { request_languages: ['kk', 'ru', 'en'] },
    ]);
    expect(await kz.client.errorCodes(SET_LANGUAGES, { code: 'TR', languages: ['tr'] })).toEqual([
      'FORBIDDEN',
    ]);
    expect(
      (await kz.client.request(SET_LANGUAGES, { code: 'KZ', languages: ['kk', 'qq'] })).errors?.[0]
        .extensions,
    ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'languages' });
    await adminSession.client.query(SET_LANGUAGES, { code: 'TR', languages: ['tr', 'en'] });

    const notes = {
      code: 'KZ',
      key: 'law-enforcement',
      en: 'Requests through the Ministry of Internal Affairs; legal basis required.',
      ru: 'Запросы направляются через МВД; необходимо указать правовое основание.',
    };
    await kz.client.query(SET_NOTES, notes);
    expect(
      await sql(
        `SELECT r.notes_en, r.notes_ru FROM request_notes r JOIN network n ON n.id = r.network_id
          WHERE r.member_state_code = 'KZ' AND n.key = 'law-enforcement'`,
      ),
    ).toEqual([{ notes_en: notes.en, notes_ru: notes.ru }]);
    expect(
      (await kz.client.request(SET_NOTES, { ...notes, ru: '' })).errors?.[0].extensions,
    ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'notesRu' });
    expect(await kz.client.errorCodes(SET_NOTES, { ...notes, code: 'TR' })).toEqual(['FORBIDDEN']);
    expect(await kz.client.errorCodes(SET_NOTES, { ...notes, key: 'no-such-network' })).toEqual([
      'BAD_USER_INPUT',
    ]);

    const { directoryHistory } = await kz.client.query(HISTORY, { entityId: 'KZ' });
    expect(
      directoryHistory.entries.map((v) => [
        v.entityType,
        v.version,
        Object.keys(JSON.parse(v.changes)),
      ]),
    ).toEqual([
      ['MEMBER_STATE', 2, ['requestNotes.law-enforcement']],
      ['MEMBER_STATE', 1, ['requestLanguages']],
    ]);
    expect(directoryHistory.entries[1].reason).toBe('Note verbale 14/2');
  });

  it('keeps the history insert-only for the application role', async () => {
    await withPgClient(app.database.appUrl, async (client) => {
      await expect(
        client.query("UPDATE directory_version SET reason = 'rewritten'"),
      ).rejects.toThrow(/permission denied/);
      await expect(client.query('DELETE FROM directory_version')).rejects.toThrow(
        /permission denied/,
      );
      await expect(client.query('TRUNCATE directory_version')).rejects.toThrow(/permission denied/);
      const { rows } = await client.query<{ n: string }>(
        'SELECT count(*) AS n FROM directory_version',
      );
      expect(Number(rows[0].n)).toBeGreaterThan(0);
    });
  });
});
