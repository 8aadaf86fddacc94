import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Role } from '@fpn/identity';
import { NoteIssuer, NoteKind } from '@fpn/workflows';
import {
  addDirectoryEntry,
  createTestAccount,
  gql,
  type GraphqlTestClient,
  signInTestAccount,
  startTestApp,
  type TestAccount,
  type TestApp,
  withPgClient,
} from '@fpn/testing';
import { DataSource } from 'typeorm';
// node-ical has no types of its own.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const nodeIcal = require('node-ical') as {
  sync: { parseICS(text: string): Record<string, Record<string, unknown>> };
};

const PUBLIC_URL = 'https://fpn.example.org';
const T0 = new Date('2027-03-01T06:00:00Z');
const DAY = 86_400_000;

interface Activity {
  id: string;
  network: { key: string };
  kind: string;
  status: string;
  title: { en: string; ru: string };
  startsAt: string;
  endsAt: string;
  timeZone: string;
  venue: string | null;
  online: boolean;
  hostStateCode: string | null;
  participants: { memberStateCode: string }[];
  documents: { id: string; title: string; url: string | null; noteId: string | null }[];
  version: number;
}
const ACTIVITY_FIELDS = `id network { key } kind status title { en ru } startsAt endsAt timeZone
  venue online hostStateCode participants { memberStateCode } documents { id title url noteId } version`;

interface ActivityInput {
  networkKey: string;
  kind: string;
  titleEn: string;
  titleRu: string;
  startsAt: string;
  endsAt: string;
  timeZone: string;
  venue?: string | null;
  online?: boolean;
  hostStateCode?: string | null;
}

const CREATE = gql<{ createActivity: Activity }, { input: ActivityInput }>`
  mutation ($input: ActivityInput!) { createActivity(input: $input) { ${ACTIVITY_FIELDS} } }
`;
const UPDATE = gql<
  { updateActivity: Activity },
  { id: string; version: number; input: ActivityInput }
>`
  mutation ($id: ID!, $version: Int!, $input: ActivityInput!) {
    updateActivity(id: $id, version: $version, input: $input) { ${ACTIVITY_FIELDS} }
  }
`;
const SET_STATUS = gql<{ setActivityStatus: Activity }, { id: string; status: string }>`
  mutation ($id: ID!, $status: ActivityStatus!) { setActivityStatus(id: $id, status: $status) { ${ACTIVITY_FIELDS} } }
`;
const JOIN = gql<{ joinActivity: Activity }, { id: string; state?: string }>`
  mutation ($id: ID!, $state: String) { joinActivity(activityId: $id, memberStateCode: $state) { ${ACTIVITY_FIELDS} } }
`;
const LEAVE = gql<{ leaveActivity: Activity }, { id: string; state?: string }>`
  mutation ($id: ID!, $state: String) { leaveActivity(activityId: $id, memberStateCode: $state) { ${ACTIVITY_FIELDS} } }
`;
const ADD_DOCUMENT = gql<
  { addActivityDocument: Activity },
  { id: string; title: string; url?: string; noteId?: string }
>`
  mutation ($id: ID!, $title: String!, $url: String, $noteId: ID) {
    addActivityDocument(activityId: $id, title: $title, url: $url, noteId: $noteId) { ${ACTIVITY_FIELDS} }
  }
`;
const REMOVE_DOCUMENT = gql<{ removeActivityDocument: Activity }, { id: string }>`
  mutation ($id: ID!) { removeActivityDocument(documentId: $id) { ${ACTIVITY_FIELDS} } }
`;
const CALENDAR = gql<
  { activities: Activity[] },
  { from: string; to: string; networkKey?: string; status?: string }
>`
  query ($from: DateTime!, $to: DateTime!, $networkKey: String, $status: ActivityStatus) {
    activities(from: $from, to: $to, networkKey: $networkKey, status: $status) { ${ACTIVITY_FIELDS} }
  }
`;
const ONE = gql<{ activity: Activity }, { id: string }>`
  query ($id: ID!) { activity(id: $id) { ${ACTIVITY_FIELDS} } }
`;
const CREATE_FEED = gql<
  { createCalendarFeed: { url: string; feed: { id: string; network: { key: string } | null } } },
  { networkKey?: string }
>`
  mutation ($networkKey: String) {
    createCalendarFeed(networkKey: $networkKey) {
      url
      feed {
        id
        network {
          key
        }
      }
    }
  }
`;
const FEEDS = gql<{
  calendarFeeds: { id: string; revokedAt: string | null; lastUsedAt: string | null }[];
}>`
  {
    calendarFeeds {
      id
      revokedAt
      lastUsedAt
    }
  }
`;
const REVOKE_FEED = gql<
  { revokeCalendarFeed: { id: string; revokedAt: string | null } },
  { id: string }
>`
  mutation ($id: ID!) {
    revokeCalendarFeed(id: $id) {
      id
      revokedAt
    }
  }
`;

const NOTIFICATIONS = gql<{ notifications: { entries: { kind: string; params: string }[] } }>`
  {
    notifications(first: 50) {
      entries {
        kind
        params
      }
    }
  }
`;

const at = (iso: string) => new Date(iso).toISOString();

/** The Action Plan's calendar for spring 2027, as the Secretariat would enter it. */
const CHIEFS_OF_POLICE: ActivityInput = {
  networkKey: 'law-enforcement',
  kind: 'MEETING',
  titleEn: 'Meeting of the Chiefs of Police',
  titleRu: 'Совещание руководителей полиции',
  // 10:00–17:00 in Astana (UTC+5).
  startsAt: at('2027-03-02T05:00:00Z'),
  endsAt: at('2027-03-02T12:00:00Z'),
  timeZone: 'Asia/Almaty',
  venue: 'Astana, Palace of Independence',
  hostStateCode: 'KZ',
};
const EXPERTS: ActivityInput = {
  networkKey: 'border-control',
  kind: 'MEETING',
  titleEn: 'Meeting of border-control experts',
  titleRu: 'Совещание экспертов по пограничному контролю',
  startsAt: at('2027-04-01T06:00:00Z'),
  endsAt: at('2027-04-01T10:00:00Z'),
  timeZone: 'Asia/Dushanbe',
  venue: 'Dushanbe',
  hostStateCode: 'TJ',
};
const SPRING_SEMINAR: ActivityInput = {
  networkKey: 'law-enforcement',
  kind: 'SEMINAR',
  titleEn: 'Law-enforcement seminar (spring)',
  titleRu: 'Семинар правоохранительных органов (весна)',
  startsAt: at('2027-04-14T04:00:00Z'),
  endsAt: at('2027-04-15T12:00:00Z'),
  timeZone: 'Asia/Tashkent',
  venue: 'Tashkent, Hotel Uzbekistan',
  online: true,
  hostStateCode: 'UZ',
};
const TRAINING: ActivityInput = {
  networkKey: 'law-enforcement',
  kind: 'TRAINING',
  titleEn: 'Training on stolen travel documents',
  titleRu: 'Тренинг по похищенным проездным документам',
  startsAt: at('2027-05-20T06:00:00Z'),
  endsAt: at('2027-05-20T08:00:00Z'),
  timeZone: 'Asia/Bangkok',
  venue: null,
  online: true,
};

function errorOf(response: { errors?: readonly { extensions?: Record<string, unknown> }[] }) {
  const extensions = response.errors?.[0]?.extensions ?? {};
  return { code: extensions.code, field: extensions.field, reason: extensions.reason };
}

describe('Action Plan activities and the calendar feed', () => {
  let app: TestApp;
  let logFile: string;
  let officer: TestAccount;
  let coordinator: TestAccount;
  let focalPoint: TestAccount;
  /** A fresh session: the access token follows the test clock, which the tests move. */
  const as = async (account: TestAccount): Promise<GraphqlTestClient> =>
    (await signInTestAccount(app, account)).client;
  const ids: Record<string, string> = {};
  const feedTokens: string[] = [];

  const countActivities = () =>
    withPgClient(app.database.ownerUrl, async (client) => {
      const { rows } = await client.query<{ activities: number; participants: number }>(
        `SELECT (SELECT count(*)::int FROM activity) AS activities,
                (SELECT count(*)::int FROM activity_participant) AS participants`,
      );
      return rows[0];
    });
  const fetchFeed = (url: string, headers: Record<string, string> = {}) =>
    fetch(`${app.url}${new URL(url).pathname}`, { headers });

  beforeAll(async () => {
    logFile = path.join(mkdtempSync(path.join(tmpdir(), 'fpn-activities-')), 'api.log');
    app = await startTestApp({
      worker: false,
      env: { PUBLIC_URL, LOG_LEVEL: 'info', LOG_FILE: logFile },
    });
    app.clock.set(T0);
    officer = await createTestAccount(app, {
      email: 'officer@secretariat.example',
      role: Role.SECRETARIAT_OFFICER,
    });
    coordinator = await createTestAccount(app, {
      email: 'coordinator@mvd.kz',
      role: Role.STATE_COORDINATOR,
      memberStateCode: 'KZ',
    });
    focalPoint = await createTestAccount(app, {
      email: 'aigerim@mvd.kz',
      role: Role.FOCAL_POINT,
      memberStateCode: 'KZ',
    });
    await addDirectoryEntry(app, focalPoint, [{ key: 'law-enforcement' }]);
  });
  afterAll(() => app?.close());

  it('enters activities: a meeting, a seminar, a training, one online, one in another network', async () => {
    const secretariat = await as(officer);
    for (const [name, input] of Object.entries({
      CHIEFS_OF_POLICE,
      EXPERTS,
      SPRING_SEMINAR,
      TRAINING,
    })) {
      const { createActivity } = await secretariat.query(CREATE, { input });
      expect(createActivity).toMatchObject({
        status: 'PLANNED',
        kind: input.kind,
        title: { en: input.titleEn, ru: input.titleRu },
        network: { key: input.networkKey },
        version: 1,
      });
      ids[name] = createActivity.id;
    }
    expect(await countActivities()).toEqual({ activities: 4, participants: 0 });
  });

  it('refuses bad input with the field named, and changes nothing', async () => {
    const secretariat = await as(officer);
    const cases: [Partial<ActivityInput>, string][] = [
      [{ endsAt: CHIEFS_OF_POLICE.startsAt }, 'endsAt'],
      [{ timeZone: 'Asia/Atlantis' }, 'timeZone'],
      [{ venue: null, online: false }, 'venue'],
      [{ hostStateCode: 'XX' }, 'hostStateCode'],
      [{ titleRu: ' ' }, 'titleRu'],
      [{ networkKey: 'no-such-network' }, 'networkKey'],
    ];
    for (const [change, field] of cases) {
      const response = await secretariat.request(CREATE, { input: { ...TRAINING, ...change } });
      expect({ field, error: errorOf(response) }).toEqual({
        field,
        error: { code: 'BAD_USER_INPUT', field, reason: undefined },
      });
    }
    expect(await countActivities()).toEqual({ activities: 4, participants: 0 });
    // A focal point or a coordinator does not plan activities.
    for (const account of [focalPoint, coordinator]) {
      expect(await (await as(account)).errorCodes(CREATE, { input: TRAINING })).toEqual([
        'FORBIDDEN',
      ]);
    }
  });

  it('edits a planned activity at its version only', async () => {
    const secretariat = await as(officer);
    const input = { ...TRAINING, titleEn: 'Training on lost and stolen travel documents' };
    const { updateActivity } = await secretariat.query(UPDATE, {
      id: ids.TRAINING,
      version: 1,
      input,
    });
    expect(updateActivity).toMatchObject({ version: 2, title: { en: input.titleEn } });
    const stale = await secretariat.request(UPDATE, {
      id: ids.TRAINING,
      version: 1,
      input: TRAINING,
    });
    expect(errorOf(stale)).toMatchObject({ code: 'CONFLICT', reason: 'STALE_VERSION' });
    const { activity } = await secretariat.query(ONE, { id: ids.TRAINING });
    expect(activity.title.en).toBe(input.titleEn);
  });

  it('lets a coordinator join their own state, never another, while planned', async () => {
    const kz = await as(coordinator);
    const { joinActivity } = await kz.query(JOIN, { id: ids.SPRING_SEMINAR });
    expect(joinActivity.participants).toEqual([{ memberStateCode: 'KZ' }]);
    // Joining again changes nothing.
    expect(
      (await kz.query(JOIN, { id: ids.SPRING_SEMINAR, state: 'kz' })).joinActivity.participants,
    ).toEqual([{ memberStateCode: 'KZ' }]);

    const forOther = await kz.request(JOIN, { id: ids.SPRING_SEMINAR, state: 'TJ' });
    expect(errorOf(forOther)).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_YOUR_STATE' });
    const leaveOther = await kz.request(LEAVE, { id: ids.SPRING_SEMINAR, state: 'TJ' });
    expect(errorOf(leaveOther)).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_YOUR_STATE' });
    expect(await (await as(focalPoint)).errorCodes(JOIN, { id: ids.SPRING_SEMINAR })).toEqual([
      'FORBIDDEN',
    ]);
    expect(await countActivities()).toEqual({ activities: 4, participants: 1 });

    // The Secretariat records a state that answered by note verbale, and must name it.
    const secretariat = await as(officer);
    expect(errorOf(await secretariat.request(JOIN, { id: ids.SPRING_SEMINAR }))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'memberStateCode',
    });
    const { joinActivity: withUz } = await secretariat.query(JOIN, {
      id: ids.SPRING_SEMINAR,
      state: 'UZ',
    });
    expect(withUz.participants.map((p) => p.memberStateCode)).toEqual(['KZ', 'UZ']);
    const { leaveActivity } = await secretariat.query(LEAVE, {
      id: ids.SPRING_SEMINAR,
      state: 'UZ',
    });
    expect(leaveActivity.participants.map((p) => p.memberStateCode)).toEqual(['KZ']);
  });

  it('records held only once started, and cancellation; then the activity is fixed', async () => {
    let secretariat = await as(officer);
    const early = await secretariat.request(SET_STATUS, {
      id: ids.CHIEFS_OF_POLICE,
      status: 'HELD',
    });
    expect(errorOf(early)).toMatchObject({ code: 'CONFLICT', reason: 'ACTIVITY_NOT_STARTED' });

    await secretariat.query(JOIN, { id: ids.CHIEFS_OF_POLICE, state: 'KZ' });
    await secretariat.query(JOIN, { id: ids.TRAINING, state: 'KZ' });
    app.clock.set(new Date(new Date(CHIEFS_OF_POLICE.endsAt).getTime() + DAY));
    secretariat = await as(officer);
    expect(
      (await secretariat.query(SET_STATUS, { id: ids.CHIEFS_OF_POLICE, status: 'HELD' }))
        .setActivityStatus,
    ).toMatchObject({
      status: 'HELD',
    });
    expect(
      (await secretariat.query(SET_STATUS, { id: ids.TRAINING, status: 'CANCELLED' }))
        .setActivityStatus,
    ).toMatchObject({ status: 'CANCELLED' });
    // The coordinators heard of each planned activity (joining is voluntary), and KZ's of the
    // cancellation of one it had joined.
    const notices = (await (await as(coordinator)).query(NOTIFICATIONS)).notifications.entries
      .filter((n) => n.kind.startsWith('ACTIVITY_'))
      .map((n) => `${n.kind} ${(JSON.parse(n.params) as { activityId: string }).activityId}`);
    expect(notices.sort()).toEqual(
      [
        `ACTIVITY_CANCELLED ${ids.TRAINING}`,
        ...[ids.CHIEFS_OF_POLICE, ids.EXPERTS, ids.SPRING_SEMINAR, ids.TRAINING].map(
          (id) => `ACTIVITY_PLANNED ${id}`,
        ),
      ].sort(),
    );

    const again = await secretariat.request(SET_STATUS, {
      id: ids.CHIEFS_OF_POLICE,
      status: 'CANCELLED',
    });
    expect(errorOf(again)).toMatchObject({ code: 'CONFLICT', reason: 'ACTIVITY_NOT_PLANNED' });
    const late = await (await as(coordinator)).request(LEAVE, { id: ids.CHIEFS_OF_POLICE });
    expect(errorOf(late)).toMatchObject({ code: 'CONFLICT', reason: 'ACTIVITY_NOT_PLANNED' });

    // A report is attached after the meeting; a link with a bad scheme is refused.
    const { addActivityDocument } = await secretariat.query(ADD_DOCUMENT, {
      id: ids.CHIEFS_OF_POLICE,
      title: 'Summary of the meeting',
      url: 'https://cica.example/chiefs-2027.pdf',
    });
    expect(addActivityDocument.documents).toEqual([
      expect.objectContaining({
        title: 'Summary of the meeting',
        url: 'https://cica.example/chiefs-2027.pdf',
      }),
    ]);
    expect(
      errorOf(
        await secretariat.request(ADD_DOCUMENT, {
          id: ids.CHIEFS_OF_POLICE,
          title: 'x',
          url: 'javascript:alert(1)',
        }),
      ),
    ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'url' });
    // The invitation went out as a numbered note: the note itself is a document.
    const note = await app.api.get(DataSource).transaction((manager) =>
      app.api.get(NoteIssuer).issue(manager, {
        kind: NoteKind.CIRCULATION,
        titleEn: 'Invitation to the spring seminar',
        titleRu: 'Приглашение на весенний семинар',
        textEn: 'The Secretariat invites the member states to the seminar.',
        textRu: 'Секретариат приглашает государства-члены на семинар.',
        issuedBy: officer.id,
      }),
    );
    const withNote = await secretariat.query(ADD_DOCUMENT, {
      id: ids.SPRING_SEMINAR,
      title: note.reference,
      noteId: note.id,
    });
    expect(withNote.addActivityDocument.documents).toEqual([
      expect.objectContaining({ title: note.reference, url: null, noteId: note.id }),
    ]);
    const noSuchNote = await secretariat.request(ADD_DOCUMENT, {
      id: ids.SPRING_SEMINAR,
      title: 'Missing',
      noteId: '00000000-0000-4000-8000-000000000000',
    });
    expect(errorOf(noSuchNote)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'noteId' });
    const draft = await secretariat.query(ADD_DOCUMENT, {
      id: ids.SPRING_SEMINAR,
      title: 'Draft agenda',
      url: 'https://cica.example/agenda.pdf',
    });
    const { removeActivityDocument } = await secretariat.query(REMOVE_DOCUMENT, {
      id: draft.addActivityDocument.documents.find((d) => d.title === 'Draft agenda')!.id,
    });
    expect(removeActivityDocument.documents.map((d) => d.noteId)).toEqual([note.id]);
  });

  it('shows the calendar in order: a focal point their networks, the Secretariat all', async () => {
    const range = { from: at('2027-03-01T00:00:00Z'), to: at('2027-07-01T00:00:00Z') };
    const mine = (await (await as(focalPoint)).query(CALENDAR, range)).activities;
    expect(mine.map((a) => [a.title.en, a.status])).toEqual([
      ['Meeting of the Chiefs of Police', 'HELD'],
      ['Law-enforcement seminar (spring)', 'PLANNED'],
      ['Training on lost and stolen travel documents', 'CANCELLED'],
    ]);
    expect(mine[1]).toMatchObject({
      venue: 'Tashkent, Hotel Uzbekistan',
      online: true,
      hostStateCode: 'UZ',
      timeZone: 'Asia/Tashkent',
      participants: [{ memberStateCode: 'KZ' }],
    });
    const secretariat = await as(officer);
    const all = (await secretariat.query(CALENDAR, range)).activities;
    expect(all.map((a) => a.id)).toEqual([
      ids.CHIEFS_OF_POLICE,
      ids.EXPERTS,
      ids.SPRING_SEMINAR,
      ids.TRAINING,
    ]);
    const held = await secretariat.query(CALENDAR, { ...range, status: 'HELD' });
    expect(held.activities.map((a) => a.id)).toEqual([ids.CHIEFS_OF_POLICE]);
    const border = await (
      await as(coordinator)
    ).query(CALENDAR, { ...range, networkKey: 'border-control' });
    expect(border.activities.map((a) => a.id)).toEqual([ids.EXPERTS]);

    // Another network's activity does not exist for the focal point.
    const fp = await as(focalPoint);
    expect(await fp.errorCodes(ONE, { id: ids.EXPERTS })).toEqual(['NOT_FOUND']);
    // More than about two years at once is refused.
    const wide = await fp.request(CALENDAR, { from: range.from, to: at('2030-01-01T00:00:00Z') });
    expect(errorOf(wide)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'to' });
  });

  it('serves a network feed without a bearer token that a calendar application can import', async () => {
    const fp = await as(focalPoint);
    const { createCalendarFeed } = await fp.query(CREATE_FEED, { networkKey: 'law-enforcement' });
    expect(createCalendarFeed.url).toMatch(
      /^https:\/\/fpn\.example\.org\/calendar\/[A-Za-z0-9_-]{43}\/law-enforcement\.ics$/,
    );
    feedTokens.push(new URL(createCalendarFeed.url).pathname.split('/')[2]);
    // Another network's feed is not the focal point's to make.
    expect(errorOf(await fp.request(CREATE_FEED, { networkKey: 'border-control' }))).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'NOT_A_MEMBER',
    });

    const response = await fetchFeed(createCalendarFeed.url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const text = await response.text();
    expect(text).toContain('X-WR-CALNAME:CICA — Law Enforcement');
    expect(text).toContain('REFRESH-INTERVAL;VALUE=DURATION:PT1H');
    expect(text).toContain('DTSTART;TZID=Asia/Tashkent:20270414T090000');
    expect(text).toContain('BEGIN:VTIMEZONE\r\nTZID:Asia/Tashkent');

    const events = Object.values(nodeIcal.sync.parseICS(text)).filter(
      (item) => item.type === 'VEVENT',
    );
    const summary = events.map((event) => ({
      uid: event.uid,
      summary: event.summary,
      start: (event.start as Date).toISOString(),
      end: (event.end as Date).toISOString(),
      location: event.location,
      status: event.status,
    }));
    expect(summary).toEqual([
      {
        uid: `activity-${ids.CHIEFS_OF_POLICE}@fpn.example.org`,
        summary: 'Meeting of the Chiefs of Police',
        start: '2027-03-02T05:00:00.000Z',
        end: '2027-03-02T12:00:00.000Z',
        location: 'Astana, Palace of Independence',
        status: 'CONFIRMED',
      },
      {
        uid: `activity-${ids.SPRING_SEMINAR}@fpn.example.org`,
        summary: 'Law-enforcement seminar (spring)',
        start: '2027-04-14T04:00:00.000Z',
        end: '2027-04-15T12:00:00.000Z',
        location: 'Tashkent, Hotel Uzbekistan / Online',
        status: 'CONFIRMED',
      },
      {
        uid: `activity-${ids.TRAINING}@fpn.example.org`,
        summary: 'Training on lost and stolen travel documents',
        start: '2027-05-20T06:00:00.000Z',
        end: '2027-05-20T08:00:00.000Z',
        location: 'Online',
        status: 'CANCELLED',
      },
    ]);
    expect(events[1].description).toContain('Семинар правоохранительных органов (весна)');
    expect(events[1].lastmodified).toBeInstanceOf(Date);

    // The same UIDs on the next fetch; the feed's use is recorded.
    const again = await (await fetchFeed(createCalendarFeed.url)).text();
    expect(again.match(/^UID:.*$/gm)).toEqual(text.match(/^UID:.*$/gm));
    const { calendarFeeds } = await fp.query(FEEDS);
    expect(calendarFeeds).toEqual([
      expect.objectContaining({
        id: createCalendarFeed.feed.id,
        revokedAt: null,
        lastUsedAt: expect.any(String),
      }),
    ]);
  });

  it('gives the Secretariat every network; 404 for a wrong token, a revoked feed or a suspended owner', async () => {
    const secretariat = await as(officer);
    const { createCalendarFeed } = await secretariat.query(CREATE_FEED, {});
    expect(createCalendarFeed.feed.network).toBeNull();
    feedTokens.push(new URL(createCalendarFeed.url).pathname.split('/')[2].replace(/\.ics$/, ''));
    const text = await (await fetchFeed(createCalendarFeed.url)).text();
    const events = Object.values(nodeIcal.sync.parseICS(text)).filter(
      (item) => item.type === 'VEVENT',
    );
    expect(events.map((event) => event.summary)).toEqual([
      'Meeting of the Chiefs of Police',
      'Meeting of border-control experts',
      'Law-enforcement seminar (spring)',
      'Training on lost and stolen travel documents',
    ]);

    const wrong = 'A'.repeat(43);
    for (const pathname of [
      `/calendar/${wrong}.ics`,
      `/calendar/${wrong}/law-enforcement.ics`,
      `/calendar/${feedTokens[1]}/law-enforcement.ics`,
      '/calendar/short.ics',
    ]) {
      expect({ pathname, status: (await fetch(`${app.url}${pathname}`)).status }).toEqual({
        pathname,
        status: 404,
      });
    }

    // Revoked: the same 404 as an unknown token.
    const { revokeCalendarFeed } = await secretariat.query(REVOKE_FEED, {
      id: createCalendarFeed.feed.id,
    });
    expect(revokeCalendarFeed.revokedAt).not.toBeNull();
    expect((await fetchFeed(createCalendarFeed.url)).status).toBe(404);
    // Someone else's feed is not found for revoking.
    const fp = await as(focalPoint);
    const [own] = (await fp.query(FEEDS)).calendarFeeds;
    expect(await secretariat.errorCodes(REVOKE_FEED, { id: own.id })).toEqual(['NOT_FOUND']);

    // A suspended focal point's feed stops working at once.
    const feedUrl = `/calendar/${feedTokens[0]}/law-enforcement.ics`;
    expect((await fetch(`${app.url}${feedUrl}`)).status).toBe(200);
    await withPgClient(app.database.ownerUrl, (client) =>
      client.query(`UPDATE user_account SET status = 'suspended' WHERE id = $1`, [focalPoint.id]),
    );
    expect((await fetch(`${app.url}${feedUrl}`)).status).toBe(404);
    await withPgClient(app.database.ownerUrl, (client) =>
      client.query(`UPDATE user_account SET status = 'active' WHERE id = $1`, [focalPoint.id]),
    );
  });

  it('audits every change and never logs a feed token', async () => {
    const events = await withPgClient(app.database.ownerUrl, async (client) => {
      const { rows } = await client.query<{ type: string; count: number }>(
        `SELECT type, count(*)::int AS count FROM (
           SELECT type FROM audit_pending UNION ALL SELECT type FROM audit_entry) e
          WHERE type LIKE 'ACTIVITY%' OR type LIKE 'CALENDAR_FEED%'
          GROUP BY type`,
      );
      return Object.fromEntries(rows.map((row) => [row.type, row.count]));
    });
    expect(events).toEqual({
      ACTIVITY_CREATED: 4,
      ACTIVITY_UPDATED: 1,
      ACTIVITY_JOINED: 4,
      ACTIVITY_LEFT: 1,
      ACTIVITY_STATUS_CHANGED: 2,
      ACTIVITY_DOCUMENT_ADDED: 3,
      ACTIVITY_DOCUMENT_REMOVED: 1,
      CALENDAR_FEED_CREATED: 2,
      CALENDAR_FEED_REVOKED: 1,
    });
    const log = readFileSync(logFile, 'utf8');
    expect(log).toContain('/calendar/[redacted]');
    for (const token of feedTokens) expect(log).not.toContain(token);
  });
});
