import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Role, UserEntity, UserStatus } from '@fpn/identity';
import { NoteIssuer, NoteKind } from '@fpn/workflows';
import {
  createTestAccount,
  gql,
  type GraphqlResponse,
  pdfText,
  signInTestAccount,
  startTestApp,
  type TestAccount,
  type TestApp,
  type TestSession,
  totpCodeNow,
} from '@fpn/testing';
import { DataSource } from 'typeorm';
import { fpn, json } from '../client/fpn-process';

/** 20:00 UTC on New Year's Eve is already 1 January 2027 in Astana (UTC+5). */
const T0 = new Date('2026-12-31T20:00:00Z');

interface NoteView {
  id: string;
  reference: string;
  seriesKey: string;
  year: number;
  number: number;
  kind: string;
  titleEn: string;
  titleRu: string;
  dated: string;
  registered: boolean;
  markdown: string;
  markdownEn: string;
  markdownRu: string;
  pdfPath: string;
  markdownPath: string;
}
const NOTE_FIELDS = `id reference seriesKey year number kind titleEn titleRu dated registered
  markdown markdownEn markdownRu pdfPath markdownPath`;

interface IssueInput {
  seriesKey?: string;
  titleEn: string;
  titleRu: string;
  textEn: string;
  textRu: string;
  number?: number;
}
const ISSUE = gql<{ issueNote: NoteView }, { input: IssueInput }>`
  mutation ($input: IssueNoteInput!) {
    issueNote(input: $input) { ${NOTE_FIELDS} }
  }
`;
interface NotePage {
  entries: { reference: string; number: number }[];
  nextCursor: string | null;
}
const NOTES = gql<
  { notes: NotePage },
  { seriesKey?: string; year?: number; first?: number; after?: string | null }
>`
  query ($seriesKey: String, $year: Int, $first: Int, $after: String) {
    notes(seriesKey: $seriesKey, year: $year, first: $first, after: $after) {
      entries {
        reference
        number
      }
      nextCursor
    }
  }
`;
const NOTE = gql<{ note: NoteView }, { id: string }>`
  query ($id: ID!) {
    note(id: $id) { ${NOTE_FIELDS} }
  }
`;
const CREATE_SERIES = gql<
  { createNoteSeries: { key: string; referenceFormat: string; isDefault: boolean } },
  { input: { key: string; referenceFormat?: string; nameEn: string; nameRu: string } }
>`
  mutation ($input: CreateNoteSeriesInput!) {
    createNoteSeries(input: $input) {
      key
      referenceFormat
      isDefault
    }
  }
`;
const SERIES = gql<{ noteSeries: { key: string; isDefault: boolean }[] }>`
  {
    noteSeries {
      key
      isDefault
    }
  }
`;

const circulation = (n: number | string, extra: Partial<IssueInput> = {}): IssueInput => ({
  titleEn: `Circulation ${n}`,
  titleRu: `Циркулярное письмо ${n}`,
  textEn: `Text ${n}.`,
  textRu: `Текст ${n}.`,
  ...extra,
});

const consecutive = (numbers: number[]) => {
  const sorted = [...numbers].sort((a, b) => a - b);
  return sorted.every((n, i) => i === 0 || n === sorted[i - 1] + 1);
};

describe('numbered notes: numbering under concurrency, both languages, PDF and Markdown, sent to every coordinator', () => {
  let app: TestApp;
  let admin: TestSession;
  let officer: TestSession;
  let coordinator: TestSession;
  let focalPoint: TestSession;
  const coordinators: TestAccount[] = [];
  let suspendedCoordinator: TestAccount;
  let first: NoteView;
  let officerId: string;

  const db = () => app.api.get(DataSource);
  const count = async (sql: string, params: unknown[] = []) =>
    Number((await db().query<{ n: string }[]>(sql, params))[0].n);
  /** Rows of every table a note touches: a refusal must change none of them. */
  const footprint = async () => ({
    notes: await count('SELECT count(*) AS n FROM note'),
    counters: await db().query(
      'SELECT series_id, year, last_number FROM note_counter ORDER BY 1, 2',
    ),
    series: await count('SELECT count(*) AS n FROM note_series'),
    notifications: await count('SELECT count(*) AS n FROM notification'),
    emails: await count('SELECT count(*) AS n FROM email_outbox'),
    audit: await count(
      `SELECT count(*) AS n FROM (SELECT type FROM audit_pending UNION ALL SELECT type FROM audit_entry) a
        WHERE type LIKE 'NOTE_%'`,
    ),
  });
  const get = (session: TestSession | null, path: string) =>
    fetch(`${app.url}${path}`, {
      headers: session ? { authorization: `Bearer ${session.accessToken}` } : {},
    });
  const issue = async (session: TestSession, input: IssueInput) => {
    const { issueNote } = await session.client.query(ISSUE, { input });
    return issueNote;
  };
  const errorOf = (response: GraphqlResponse<unknown>) => response.errors?.[0]?.extensions;

  beforeAll(async () => {
    app = await startTestApp({ worker: false });
    app.clock.set(T0);
    const account = (email: string, role: Role, memberStateCode: string | null = null) =>
      createTestAccount(app, { email, role, memberStateCode });
    const adminAccount = await account('admin@notes.example', Role.SECRETARIAT_ADMIN);
    const officerAccount = await account('officer@notes.example', Role.SECRETARIAT_OFFICER);
    officerId = officerAccount.id;
    for (const state of ['KZ', 'TJ', 'UZ']) {
      coordinators.push(
        await account(`coordinator.${state}@notes.example`, Role.STATE_COORDINATOR, state),
      );
    }
    // Russian e-mails for Tajikistan's coordinator.
    await db().query(`UPDATE user_account SET language = 'ru' WHERE id = $1`, [coordinators[1].id]);
    suspendedCoordinator = await account('gone@notes.example', Role.STATE_COORDINATOR, 'KG');
    await db().manager.update(
      UserEntity,
      { id: suspendedCoordinator.id },
      { status: UserStatus.SUSPENDED },
    );
    const focalPointAccount = await account('fp@notes.example', Role.FOCAL_POINT, 'KZ');
    admin = await signInTestAccount(app, adminAccount);
    officer = await signInTestAccount(app, officerAccount);
    coordinator = await signInTestAccount(app, coordinators[0]);
    focalPoint = await signInTestAccount(app, focalPointAccount);
  }, 120_000);
  afterAll(() => app?.close());

  it('issues a circulation as NCT/G/1, dated at the seat (already 2027 in Astana), in both languages', async () => {
    first = await issue(
      officer,
      circulation(1, {
        titleEn: 'Calendar of meetings for 2027',
        titleRu: 'Календарь встреч на 2027 год',
        textEn: 'The calendar of **meetings** follows.\n\n- Seminar <b>in</b> Astana',
        textRu: 'Календарь встреч прилагается.',
      }),
    );
    expect(first).toMatchObject({
      reference: 'NCT/G/1',
      seriesKey: 'NCT/G',
      number: 1,
      year: 2027,
      dated: '2027-01-01',
      kind: 'CIRCULATION',
      registered: false,
      pdfPath: `/notes/${first.id}.pdf`,
      markdownPath: `/notes/${first.id}.md`,
    });
    expect(first.markdownEn).toContain('**No. NCT/G/1**');
    expect(first.markdownEn).toContain('Astana, 1 January 2027');
    expect(first.markdownEn).toContain(
      'The CICA Secretariat presents its compliments to the Member States and has the honour to',
    );
    // What the officer typed is shown as typed, not as markup.
    expect(first.markdownEn).toContain('\\*\\*meetings\\*\\*');
    expect(first.markdownEn).toContain('\\- Seminar \\<b\\>in\\</b\\> Astana');
    expect(first.markdownRu).toContain('Астана, 1 января 2027 г.');
    expect(first.markdownRu).toContain('Секретариат СВМДА свидетельствует своё уважение');
  });

  it('serves the Markdown with both titles and the PDF whose text carries the Russian title and the reference', async () => {
    const md = await get(coordinator, first.markdownPath);
    expect(md.status).toBe(200);
    expect(md.headers.get('content-type')).toMatch(/^text\/markdown; charset=utf-8/);
    const markdown = await md.text();
    expect(markdown).toBe(first.markdown);
    expect(markdown).toContain('Calendar of meetings for 2027');
    expect(markdown).toContain('Календарь встреч на 2027 год');
    expect(markdown.indexOf('Calendar of meetings')).toBeLessThan(markdown.indexOf('Календарь'));

    const response = await get(officer, first.pdfPath);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="NCT-G-1.pdf"');
    const text = await pdfText(Buffer.from(await response.arrayBuffer()));
    expect(text).toContain('Календарь встреч на 2027 год');
    expect(text).toContain('Calendar of meetings for 2027');
    expect(text).toContain('NCT/G/1');
    expect(text).toContain('Астана');
  });

  it('sends it to every active coordinator, in the app and by e-mail in their language, and audits it', async () => {
    const notices = await db().query<{ user_id: string; params: Record<string, string> }[]>(
      `SELECT user_id, params FROM notification WHERE kind = 'NOTE_ISSUED' AND params->>'noteId' = $1`,
      [first.id],
    );
    expect(notices.map((n) => n.user_id).sort()).toEqual(coordinators.map((c) => c.id).sort());
    expect(notices[0].params).toMatchObject({
      noteReference: 'NCT/G/1',
      titleEn: 'Calendar of meetings for 2027',
      titleRu: 'Календарь встреч на 2027 год',
      dated: '2027-01-01',
      pdfPath: first.pdfPath,
    });
    const emails = await db().query<{ user_id: string; language: string }[]>(
      `SELECT user_id, language FROM email_outbox WHERE kind = 'NOTE_ISSUED' AND params->>'noteId' = $1`,
      [first.id],
    );
    expect(emails).toHaveLength(3);
    expect(emails.find((e) => e.user_id === coordinators[1].id)?.language).toBe('ru');
    expect(emails.some((e) => e.user_id === suspendedCoordinator.id)).toBe(false);
    const [audit] = await db().query<{ actor_id: string; details: Record<string, unknown> }[]>(
      `SELECT actor_id, details FROM audit_pending WHERE type = 'NOTE_ISSUED' AND subject_id = $1
       UNION ALL SELECT actor_id, details FROM audit_entry WHERE type = 'NOTE_ISSUED' AND subject_id = $1`,
      [first.id],
    );
    expect(audit.details).toMatchObject({
      reference: 'NCT/G/1',
      kind: 'circulation',
      coordinatorsNotified: 3,
    });
  });

  it('lets coordinators read notes; a focal point is refused whatever the id, an unknown id is 404', async () => {
    const { note } = await coordinator.client.query(NOTE, { id: first.id });
    expect(note.reference).toBe('NCT/G/1');
    expect(errorOf(await focalPoint.client.request(NOTE, { id: first.id }))?.code).toBe(
      'FORBIDDEN',
    );
    expect(errorOf(await focalPoint.client.request(NOTES, {}))?.code).toBe('FORBIDDEN');
    const unknown = '00000000-0000-4000-8000-000000000000';
    // A focal point learns nothing about which notes exist: the same refusal for any id.
    for (const path of [first.pdfPath, first.markdownPath, `/notes/${unknown}.pdf`]) {
      expect((await get(focalPoint, path)).status).toBe(403);
    }
    expect((await get(null, first.pdfPath)).status).toBe(401);
    for (const path of [`/notes/${unknown}.pdf`, `/notes/${unknown}.md`, '/notes/not-an-id.pdf']) {
      expect((await get(coordinator, path)).status).toBe(404);
    }
    expect(errorOf(await coordinator.client.request(NOTE, { id: unknown }))?.code).toBe(
      'NOT_FOUND',
    );
    expect(
      errorOf(await coordinator.client.request(ISSUE, { input: circulation('x') }))?.code,
    ).toBe('FORBIDDEN');
  });

  it('gives 50 notes issued concurrently 50 distinct consecutive numbers', async () => {
    const issued = await Promise.all(
      Array.from({ length: 50 }, (_, i) => issue(officer, circulation(`c${i}`))),
    );
    const numbers = issued.map((note) => note.number);
    expect(new Set(numbers).size).toBe(50);
    expect(consecutive(numbers)).toBe(true);
    expect(Math.min(...numbers)).toBe(2);
    expect(new Set(issued.map((note) => note.reference)).size).toBe(50);
  });

  it('does the same for 50 notes issued in parallel transactions, one rolled back giving its number back', async () => {
    const issuer = app.api.get(NoteIssuer);
    const before = await count('SELECT max(number) AS n FROM note');
    const results = await Promise.allSettled(
      Array.from({ length: 51 }, (_, i) =>
        db().transaction(async (manager) => {
          const note = await issuer.issue(manager, {
            kind: NoteKind.CIRCULATION,
            ...circulation(`t${i}`),
            issuedBy: officerId,
          });
          if (i === 25) throw new Error('the caller changed its mind');
          return note;
        }),
      ),
    );
    const numbers = results.flatMap((result) =>
      result.status === 'fulfilled' ? [result.value.number] : [],
    );
    expect(results.filter((result) => result.status === 'rejected')).toHaveLength(1);
    expect(new Set(numbers).size).toBe(50);
    expect(consecutive(numbers)).toBe(true);
    expect(Math.min(...numbers)).toBe(before + 1);
    expect(Math.max(...numbers)).toBe(before + 50);
  });

  it('refuses a number already taken with NOTE_NUMBER_TAKEN and changes nothing', async () => {
    const before = await footprint();
    const response = await officer.client.request(ISSUE, {
      input: circulation('dup', { number: 7 }),
    });
    expect(errorOf(response)).toMatchObject({ code: 'CONFLICT', reason: 'NOTE_NUMBER_TAKEN' });
    expect(await footprint()).toEqual(before);
  });

  it('refuses bad input before writing anything', async () => {
    const before = await footprint();
    const cases: [IssueInput, object][] = [
      [circulation('a', { titleEn: '  ' }), { code: 'BAD_USER_INPUT', field: 'titleEn' }],
      [circulation('b', { textRu: '' }), { code: 'BAD_USER_INPUT', field: 'textRu' }],
      [circulation('c', { number: 0 }), { code: 'BAD_USER_INPUT', field: 'number' }],
      [circulation('d', { seriesKey: 'nct/g' }), { code: 'BAD_USER_INPUT', field: 'seriesKey' }],
      [circulation('e', { seriesKey: 'NO/SUCH' }), { code: 'NOT_FOUND' }],
    ];
    for (const [input, expected] of cases) {
      expect(errorOf(await officer.client.request(ISSUE, { input }))).toMatchObject(expected);
    }
    expect(await footprint()).toEqual(before);
  });

  it('registers a note numbered elsewhere, after which the series continues past it', async () => {
    const registered = await issue(admin, circulation('registered', { number: 500 }));
    expect(registered).toMatchObject({ reference: 'NCT/G/500', number: 500, registered: true });
    const next = await issue(officer, circulation('after'));
    expect(next.reference).toBe('NCT/G/501');
  });

  it('lets the administrator add a series numbered per year; refuses a duplicate key and a bad format', async () => {
    const { createNoteSeries } = await admin.client.query(CREATE_SERIES, {
      input: {
        key: 'SWG',
        referenceFormat: '{series}/{year}/{number}',
        nameEn: 'Special Working Group',
        nameRu: 'Специальная рабочая группа',
      },
    });
    expect(createNoteSeries).toEqual({
      key: 'SWG',
      referenceFormat: '{series}/{year}/{number}',
      isDefault: false,
    });
    const swg = await issue(officer, circulation('swg', { seriesKey: 'SWG' }));
    expect(swg.reference).toBe('SWG/2027/1');

    const input = { key: 'SWG', nameEn: 'Again', nameRu: 'Снова' };
    expect(errorOf(await admin.client.request(CREATE_SERIES, { input }))).toMatchObject({
      code: 'CONFLICT',
      reason: 'NOTE_SERIES_EXISTS',
    });
    expect(
      errorOf(
        await admin.client.request(CREATE_SERIES, {
          input: { ...input, key: 'SOC', referenceFormat: '{number}' },
        }),
      ),
    ).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NOTE_REFERENCE_FORMAT_INVALID' });
    expect(errorOf(await officer.client.request(CREATE_SERIES, { input }))?.code).toBe('FORBIDDEN');

    const { noteSeries } = await coordinator.client.query(SERIES);
    expect(noteSeries).toEqual([
      { key: 'NCT/G', isDefault: true },
      { key: 'SWG', isDefault: false },
    ]);
  });

  it('lists notes by series and year, newest first, page by page', async () => {
    const { notes: swg } = await coordinator.client.query(NOTES, { seriesKey: 'SWG' });
    expect(swg.entries.map((n) => n.reference)).toEqual(['SWG/2027/1']);
    const seen: number[] = [];
    let after: string | null = null;
    do {
      const result: { notes: NotePage } = await coordinator.client.query(NOTES, {
        seriesKey: 'NCT/G',
        year: 2027,
        first: 40,
        after,
      });
      seen.push(...result.notes.entries.map((n) => n.number));
      after = result.notes.nextCursor;
    } while (after);
    expect(seen).toHaveLength(
      await count(
        `SELECT count(*) AS n FROM note n JOIN note_series s ON s.id = n.series_id WHERE s.key = 'NCT/G'`,
      ),
    );
    expect(new Set(seen).size).toBe(seen.length);
    const { notes: none } = await coordinator.client.query(NOTES, { year: 2026 });
    expect(none.entries).toEqual([]);
  });

  it('lets a coordinator list and download notes with fpn', async () => {
    const home = await mkdtemp(path.join(tmpdir(), 'fpn-notes-'));
    try {
      const account = coordinators[0];
      app.clock.advance(30_000);
      const totp = await totpCodeNow(app, account.totpSecret!);
      const login = await fpn(
        home,
        ['login', '--server', app.url, '--email', account.email, '--totp', totp],
        `${account.password}\n`,
      );
      expect(login.status).toBe(0);

      const list = json(await fpn(home, ['notes', 'list', '--series', 'SWG', '--json']));
      expect(list).toMatchObject({ entries: [{ reference: 'SWG/2027/1' }], nextCursor: null });

      const out = path.join(home, 'note.pdf');
      const saved = json(await fpn(home, ['notes', 'download', first.id, '--out', out, '--json']));
      expect(saved).toMatchObject({ file: out, reference: 'NCT/G/1' });
      const text = await pdfText(await readFile(out));
      expect(text.replace(/\s+/g, ' ')).toContain('Календарь встреч на 2027 год');
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });
});
