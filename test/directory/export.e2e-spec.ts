import { parse } from 'csv-parse/sync';
import { ContactChannelKind, FocalPointStatus, MembershipRole } from '@fpn/directory';
import { ApiOperation, Role } from '@fpn/identity';
import {
  createTestAccount,
  signInTestAccount,
  startTestApp,
  type TestApp,
  withPgClient,
} from '@fpn/testing';
import { RosterFixtures } from './reading-fixtures';

type Row = Record<string, string>;

describe('CSV export of the roster: what the caller may see, Cyrillic intact', () => {
  let app: TestApp;
  let fixtures: RosterFixtures;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    app = await startTestApp({ worker: false });
    fixtures = new RosterFixtures(app);
    const fp = await createTestAccount(app, {
      email: 'fp.kz@export.example',
      role: Role.FOCAL_POINT,
      memberStateCode: 'KZ',
    });
    const kzAuthority = await fixtures.authority('KZ', {
      nameEn: 'Ministry of Internal Affairs of Kazakhstan',
      nameRu: 'Министерство внутренних дел Республики Казахстан',
    });
    await fixtures.entry('KZ', {
      fullName: 'Иванов Иван Иванович',
      title: 'Начальник отдела "Интерпол", г. Астана',
      authority: kzAuthority,
      networks: [
        { key: 'law-enforcement', role: MembershipRole.PRIMARY },
        { key: 'economic-crimes' },
      ],
      contactChannels: [
        { kind: ContactChannelKind.PHONE, value: '+7 717 270 00 00', note: 'дежурная часть' },
      ],
      userId: fp.id,
    });
    await fixtures.entry('KZ', {
      fullName: 'Әлиева Айгерим',
      networks: [{ key: 'border-control', role: MembershipRole.PRIMARY }],
    });
    await fixtures.entry('TJ', {
      fullName: 'Рахимов Фаррух',
      networks: [{ key: 'law-enforcement', role: MembershipRole.PRIMARY }],
    });
    await fixtures.entry('TR', {
      fullName: 'Yılmaz Mehmet',
      status: FocalPointStatus.SUSPENDED,
      networks: [{ key: 'law-enforcement', role: MembershipRole.PRIMARY }],
    });
    await fixtures.entry('TR', {
      fullName: '=HYPERLINK("http://evil.example")',
      networks: [{ key: 'wmd-nonproliferation', role: MembershipRole.PRIMARY }],
    });

    const signIn = async (email: string, role: Role, state: string | null) =>
      (
        await signInTestAccount(
          app,
          await createTestAccount(app, { email, role, memberStateCode: state }),
        )
      ).accessToken;
    tokens.secretariat = await signIn('officer@export.example', Role.SECRETARIAT_OFFICER, null);
    tokens.coordinator = await signIn(
      'coordinator.kz@export.example',
      Role.STATE_COORDINATOR,
      'KZ',
    );
    tokens.focalPoint = (await signInTestAccount(app, fp)).accessToken;
    tokens.ministry = await fixtures.credential(
      'KZ',
      ['law-enforcement'],
      [ApiOperation.DIRECTORY_READ],
    );
    tokens.messagesOnly = await fixtures.credential(
      'KZ',
      ['law-enforcement'],
      [ApiOperation.MESSAGES_SEND],
    );
  });
  afterAll(() => app?.close());

  const download = (token: string | undefined, query = '') =>
    fetch(`${app.url}/directory/export.csv${query}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });

  async function rows(token: string, query = ''): Promise<Row[]> {
    const response = await download(token, query);
    expect(response.status).toBe(200);
    return parse(Buffer.from(await response.arrayBuffer()), { bom: true, columns: true }) as Row[];
  }

  const names = (records: Row[]) => records.map((record) => record['Full name']).sort();

  it('gives the Secretariat every entry as UTF-8 with a byte-order mark, Cyrillic names intact', async () => {
    const response = await download(tokens.secretariat);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(
      'attachment; filename="focal-points.csv"',
    );
    expect(response.headers.get('cache-control')).toBe('no-store');
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const records = parse(bytes, { bom: true, columns: true }) as Row[];
    expect(names(records)).toEqual(
      [
        'Иванов Иван Иванович',
        'Әлиева Айгерим',
        'Рахимов Фаррух',
        'Yılmaz Mehmet',
        `'=HYPERLINK("http://evil.example")`,
      ].sort(),
    );
    const ivanov = records.find((record) => record['Full name'] === 'Иванов Иван Иванович')!;
    expect(ivanov).toMatchObject({
      'Member state': 'KZ',
      'Member state name': 'Kazakhstan',
      Title: 'Начальник отдела "Интерпол", г. Астана',
      Authority: 'Ministry of Internal Affairs of Kazakhstan',
      'Authority (Russian)': 'Министерство внутренних дел Республики Казахстан',
      Networks: 'law-enforcement (primary); economic-crimes (alternate)',
      'Contact channels': 'phone: +7 717 270 00 00 (дежурная часть)',
    });
  });

  it('gives a coordinator their own state only, and refuses another state', async () => {
    expect(names(await rows(tokens.coordinator))).toEqual([
      'Иванов Иван Иванович',
      'Әлиева Айгерим',
    ]);
    expect(
      names(await rows(tokens.coordinator, '?memberStateCode=KZ&networkKey=border-control')),
    ).toEqual(['Әлиева Айгерим']);
    const other = await download(tokens.coordinator, '?memberStateCode=TJ');
    expect(other.status).toBe(403);
    expect(await other.json()).toEqual({
      errors: [{ message: expect.any(String), extensions: { code: 'FORBIDDEN' } }],
    });
  });

  it('gives a focal point the members of their networks, contacts of active fellow members only', async () => {
    const records = await rows(tokens.focalPoint);
    expect(names(records)).toEqual(['Yılmaz Mehmet', 'Иванов Иван Иванович', 'Рахимов Фаррух']);
    const byName = new Map(records.map((record) => [record['Full name'], record]));
    expect(byName.get('Рахимов Фаррух')!['Contact channels']).toContain('email:');
    expect(byName.get('Yılmaz Mehmet')!['Contact channels']).toBe('');
    expect(byName.get('Рахимов Фаррух')!.Networks).toBe('law-enforcement (primary)');
    expect((await download(tokens.focalPoint, '?networkKey=border-control')).status).toBe(403);
  });

  it('gives a ministry system its state in its networks', async () => {
    const records = await rows(tokens.ministry);
    expect(names(records)).toEqual(['Иванов Иван Иванович']);
    expect(records[0].Networks).toBe('law-enforcement (primary)');
  });

  const exportsAudited = () =>
    withPgClient(app.database.ownerUrl, async (client) => {
      const { rows: found } = await client.query<{ count: string }>(
        `SELECT (SELECT count(*) FROM audit_pending WHERE type = 'DIRECTORY_EXPORTED') +
                (SELECT count(*) FROM audit_entry WHERE type = 'DIRECTORY_EXPORTED') AS count`,
      );
      return Number(found[0].count);
    });

  it('answers bad requests with a status and a code, and writes nothing', async () => {
    const before = await exportsAudited();
    expect((await download(undefined)).status).toBe(401);
    expect((await download('not-a-token')).status).toBe(401);
    expect((await download(tokens.messagesOnly)).status).toBe(403);
    const unknown = await download(tokens.secretariat, '?networkKey=no-such-network');
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toEqual({
      errors: [
        {
          message: expect.any(String),
          extensions: { code: 'BAD_USER_INPUT', field: 'networkKey' },
        },
      ],
    });
    const twice = await download(tokens.secretariat, '?networkKey=a&networkKey=b');
    expect(twice.status).toBe(400);
    expect(await exportsAudited()).toBe(before);
  });

  it('records each export in the audit log: who, with which filter, how many entries', async () => {
    await rows(tokens.coordinator, '?networkKey=border-control');
    const events = await withPgClient(app.database.ownerUrl, async (client) => {
      const { rows: found } = await client.query<{ actor_role: string; details: Row }>(
        `SELECT actor_role, details FROM audit_pending WHERE type = 'DIRECTORY_EXPORTED'
         UNION ALL SELECT actor_role, details FROM audit_entry WHERE type = 'DIRECTORY_EXPORTED'`,
      );
      return found;
    });
    expect(events).toContainEqual({
      actor_role: 'STATE_COORDINATOR',
      details: { entries: 1, memberStateCode: null, networkKey: 'border-control' },
    });
    expect(events.some((event) => event.actor_role === 'API_CREDENTIAL')).toBe(true);
  });
});
