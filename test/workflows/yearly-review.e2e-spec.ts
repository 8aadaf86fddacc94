import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import type { VisibleMetadata } from '@fpn/crypto';
import { Role } from '@fpn/identity';
import { gql, pdfText, startTestApp, type TestApp, withPgClient } from '@fpn/testing';
import { DataSource } from 'typeorm';
import { DAY_MS, DEADLINE_TEST_ENV } from '../directory/deadline-fixtures';
import {
  messagingFixtures,
  type Party,
  type SentMessage,
  MESSAGE_FIELDS,
} from '../messaging/messaging-fixtures';

/** The review's year at the seat (Asia/Almaty, UTC+5): it began at 2025-12-31T19:00Z. */
const YEAR = 2026;
/** When the review is read: the roster's freshness is counted at this moment. */
const REPORT_AT = new Date('2026-12-20T06:00:00Z');
const daysBeforeReport = (days: number) => new Date(REPORT_AT.getTime() - days * DAY_MS);
const SECRET_BODY = 'Shipment 7731 via Khorgos — never in any report';

const SEND = gql<
  { sendMessage: SentMessage },
  {
    input: {
      envelope: string;
      to?: object | null;
      inReplyTo?: string | null;
      isAnswer?: boolean | null;
    };
  }
>`
  mutation ($input: SendMessageInput!) {
    sendMessage(input: $input) { duplicate recipientAccounts message { ${MESSAGE_FIELDS} } }
  }
`;

const CREATE_ACTIVITY = gql<{ createActivity: { id: string } }, { input: object }>`
  mutation ($input: ActivityInput!) {
    createActivity(input: $input) {
      id
    }
  }
`;
const JOIN_ACTIVITY = gql<{ joinActivity: { id: string } }, { id: string; state: string }>`
  mutation ($id: ID!, $state: String) {
    joinActivity(activityId: $id, memberStateCode: $state) {
      id
    }
  }
`;
const SET_ACTIVITY_STATUS = gql<
  { setActivityStatus: { id: string } },
  { id: string; status: string }
>`
  mutation ($id: ID!, $status: ActivityStatus!) {
    setActivityStatus(id: $id, status: $status) {
      id
    }
  }
`;

interface ReviewData {
  year: number;
  timeZone: string;
  from: string;
  to: string;
  rosterAsOf: string;
  networks: {
    networkKey: string;
    nameEn: string;
    nameRu: string;
    activities: {
      held: number;
      heldMeetings: number;
      heldSeminars: number;
      heldTrainings: number;
      planned: number;
      cancelled: number;
      heldActivities: {
        activityId: string;
        kind: string;
        titleEn: string;
        participatingStates: number;
      }[];
    };
    participation: { memberStateCode: string; heldActivitiesAttended: number }[];
    roster: {
      statesWithPrimary: number;
      statesWithAlternate: number;
      statesComplete: number;
      activeEntries: number;
      confirmedEntries: number;
      staleEntries: number;
      states: {
        memberStateCode: string;
        activeEntries: number;
        activePrimary: boolean;
        alternatePresent: boolean;
        confirmedEntries: number;
        staleEntries: number;
      }[];
    };
    messages: {
      total: number;
      byCategory: Record<string, number>;
      byPriority: Record<string, number>;
    };
    requests: {
      requests: number;
      requestsReceived: number;
      requestsAnswered: number;
      requestsAnsweredOnTime: number;
      shareAnsweredOnTime: number | null;
      medianHoursToAnswer: number | null;
      hoursToAnswer80Percent: number | null;
    };
  }[];
}

const REVIEW = gql<{ yearlyReview: ReviewData }, { year: number; networkKey?: string | null }>`
  query ($year: Int!, $networkKey: String) {
    yearlyReview(year: $year, networkKey: $networkKey) {
      year
      timeZone
      from
      to
      rosterAsOf
      networks {
        networkKey
        nameEn
        nameRu
        activities {
          held
          heldMeetings
          heldSeminars
          heldTrainings
          planned
          cancelled
          heldActivities {
            activityId
            kind
            titleEn
            participatingStates
          }
        }
        participation {
          memberStateCode
          heldActivitiesAttended
        }
        roster {
          statesWithPrimary
          statesWithAlternate
          statesComplete
          activeEntries
          confirmedEntries
          staleEntries
          states {
            memberStateCode
            activeEntries
            activePrimary
            alternatePresent
            confirmedEntries
            staleEntries
          }
        }
        messages {
          total
          byCategory {
            informationExchange
            alert
            requestForAssistance
            bestPractice
            notice
          }
          byPriority {
            routine
            urgent
            flash
          }
        }
        requests {
          requests
          requestsReceived
          requestsAnswered
          requestsAnsweredOnTime
          shareAnsweredOnTime
          medianHoursToAnswer
          hoursToAnswer80Percent
        }
      }
    }
  }
`;

describe('the yearly review: figures that match what happened, as GraphQL, CSV and PDF', () => {
  let app: TestApp;
  let fx: ReturnType<typeof messagingFixtures>;
  let kz: Party & { entryId: string | null };
  let uz: Party & { entryId: string | null };
  let tj: Party & { entryId: string | null };
  let admin: Party;
  let kgCoordinator: Party;
  const activityIds: Record<string, string> = {};
  let review: ReviewData;

  const db = () => app.api.get(DataSource);

  /** Moves the clock and signs the parties in again (tokens follow the test clock). */
  async function at(instant: Date | string, ...parties: Party[]) {
    app.clock.set(new Date(instant));
    for (const party of parties) await fx.refresh(party);
  }

  async function send(
    from: Party,
    options: {
      to?: object;
      threadId?: string;
      inReplyTo?: string;
      isAnswer?: boolean;
      metadata: VisibleMetadata;
    },
  ) {
    const threadId = options.threadId ?? randomUUID();
    const recipients = await fx.recipientsFor(from, options.to ? { to: options.to } : { threadId });
    const json = fx.envelope(from.devices[0], recipients, {
      threadId,
      body: SECRET_BODY,
      metadata: options.metadata,
    });
    const response = await from.client.request(SEND, {
      input: {
        envelope: JSON.stringify(json),
        to: options.to ?? null,
        inReplyTo: options.inReplyTo ?? null,
        isAnswer: options.isAnswer ?? null,
      },
    });
    if (response.errors?.length) throw new Error(JSON.stringify(response.errors[0]));
    return { id: response.data!.sendMessage.message.id, threadId };
  }

  /** A directory entry without an account, straight into PostgreSQL (the directory is tested elsewhere). */
  async function entry(
    state: string,
    networkKey: string,
    role: 'primary' | 'alternate',
    options: { status?: string; staleSince?: Date } = {},
  ) {
    await withPgClient(app.database.ownerUrl, async (client) => {
      await client.query(
        `WITH authority AS (
           INSERT INTO authority (member_state_code, name_en, kind)
           VALUES ($1, 'Review authority', 'police')
           ON CONFLICT (member_state_code, name_en) DO UPDATE SET kind = EXCLUDED.kind
           RETURNING id),
         fp AS (
           INSERT INTO focal_point (member_state_code, authority_id, full_name, title, time_zone,
                                    availability, last_confirmed_at, status, stale_since)
           SELECT $1, authority.id, 'Review entry', 'Officer', 'Asia/Almaty', 'office_hours',
                  $5, $4, $6
             FROM authority RETURNING id)
         INSERT INTO network_membership (focal_point_id, network_id, role)
         SELECT fp.id, network.id, $3 FROM fp, network WHERE network.key = $2`,
        [
          state,
          networkKey,
          role,
          options.status ?? 'active',
          options.staleSince ? daysBeforeReport(190) : daysBeforeReport(30),
          options.staleSince ?? null,
        ],
      );
    });
  }

  /** Outcomes to record once the clock has passed the activities' starts. */
  const outcomes: { id: string; status: 'HELD' | 'CANCELLED' }[] = [];

  /**
   * An Action Plan activity as the Secretariat enters it (part C's mutations):
   * planned, the participating states joined, its outcome recorded later.
   */
  async function activity(
    name: string,
    networkKey: string,
    kind: 'MEETING' | 'SEMINAR' | 'TRAINING',
    outcome: 'PLANNED' | 'HELD' | 'CANCELLED',
    startsAt: string,
    states: string[],
  ) {
    const ends = new Date(new Date(startsAt).getTime() + 8 * 3_600_000).toISOString();
    const { createActivity } = await admin.client.query(CREATE_ACTIVITY, {
      input: {
        networkKey,
        kind,
        titleEn: name,
        titleRu: `${name} (рус.)`,
        startsAt,
        endsAt: ends,
        timeZone: 'Asia/Almaty',
        venue: 'Astana',
        hostStateCode: 'KZ',
      },
    });
    activityIds[name] = createActivity.id;
    for (const state of states) {
      await admin.client.query(JOIN_ACTIVITY, { id: createActivity.id, state });
    }
    if (outcome !== 'PLANNED') outcomes.push({ id: createActivity.id, status: outcome });
  }

  beforeAll(async () => {
    app = await startTestApp({ env: DEADLINE_TEST_ENV });
    app.clock.set(new Date('2025-10-01T06:00:00Z'));
    fx = messagingFixtures(app);
    const le = (role: 'primary' | 'alternate' = 'primary') => [{ key: 'law-enforcement', role }];
    kz = await fx.person({ role: Role.FOCAL_POINT, state: 'KZ', networks: le() });
    uz = await fx.person({ role: Role.FOCAL_POINT, state: 'UZ', networks: le() });
    tj = await fx.person({ role: Role.FOCAL_POINT, state: 'TJ', networks: le() });
    admin = await fx.person({ role: Role.SECRETARIAT_ADMIN, state: null });
    kgCoordinator = await fx.person({ role: Role.STATE_COORDINATOR, state: 'KG' });

    // Activities, entered in October 2025 and held (or not) later.
    await activity(
      'Chiefs of police',
      'law-enforcement',
      'MEETING',
      'HELD',
      '2026-03-10T04:00:00Z',
      ['KZ', 'UZ', 'TJ'],
    );
    await activity('Autumn seminar', 'law-enforcement', 'SEMINAR', 'HELD', '2026-09-15T04:00:00Z', [
      'KZ',
      'KG',
    ]);
    await activity(
      'Cancelled training',
      'law-enforcement',
      'TRAINING',
      'CANCELLED',
      '2026-05-01T04:00:00Z',
      ['UZ'],
    );
    await activity(
      'Winter seminar',
      'law-enforcement',
      'SEMINAR',
      'PLANNED',
      '2026-12-28T04:00:00Z',
      ['TJ'],
    );
    await activity(
      'Last year’s meeting',
      'law-enforcement',
      'MEETING',
      'HELD',
      '2025-11-01T04:00:00Z',
      ['KZ'],
    );
    await activity(
      'Border training',
      'border-control',
      'TRAINING',
      'HELD',
      '2026-06-01T04:00:00Z',
      ['TJ'],
    );

    // Messages in the law-enforcement network. The first is sent at 23:30 on 31 December in
    // Astana — the year before; the second half an hour into the year there (still 2025 in UTC).
    await at('2025-12-31T18:30:00Z', kz);
    await send(kz, {
      to: { networkKey: 'law-enforcement' },
      metadata: { category: 'INFORMATION_EXCHANGE', priority: 'ROUTINE', handlingCode: 'H1' },
    });
    await at('2025-12-31T19:30:00Z', kz);
    await send(kz, {
      to: { networkKey: 'law-enforcement' },
      metadata: { category: 'ALERT', priority: 'URGENT', handlingCode: 'H0' },
    });
    // A routine request to Uzbekistan and Tajikistan (due in 7 days): one answers in 2 hours,
    // the other after 10 days — late.
    await at('2026-02-02T08:00:00Z', kz);
    const request = await send(kz, {
      to: { networkKey: 'law-enforcement', memberStateCodes: ['UZ', 'TJ'] },
      metadata: { category: 'REQUEST_FOR_ASSISTANCE', priority: 'ROUTINE', handlingCode: 'H1' },
    });
    const answer = { category: 'INFORMATION_EXCHANGE', priority: 'ROUTINE', handlingCode: 'H1' };
    await at('2026-02-02T10:00:00Z', uz);
    await send(uz, {
      threadId: request.threadId,
      inReplyTo: request.id,
      isAnswer: true,
      metadata: answer as VisibleMetadata,
    });
    await at('2026-02-12T08:00:00Z', tj);
    await send(tj, {
      threadId: request.threadId,
      inReplyTo: request.id,
      isAnswer: true,
      metadata: answer as VisibleMetadata,
    });
    await at('2026-03-01T08:00:00Z', uz);
    await send(uz, {
      to: { networkKey: 'law-enforcement', memberStateCodes: ['KZ'] },
      metadata: { category: 'NOTICE', priority: 'FLASH', handlingCode: 'H2' },
    });

    // The roster at the report: KZ has a primary and an alternate; UZ's primary is past its
    // confirmation date; TJ's alternate retired; KG has only an alternate, flagged stale.
    await entry('KZ', 'law-enforcement', 'alternate');
    await entry('TJ', 'law-enforcement', 'alternate', { status: 'retired' });
    await entry('KG', 'law-enforcement', 'alternate', { staleSince: daysBeforeReport(8) });
    await entry('TJ', 'border-control', 'primary');
    await withPgClient(app.database.ownerUrl, async (client) => {
      await client.query('UPDATE focal_point SET last_confirmed_at = $2 WHERE id = ANY($1)', [
        [kz.entryId, tj.entryId],
        daysBeforeReport(30),
      ]);
      await client.query('UPDATE focal_point SET last_confirmed_at = $2 WHERE id = $1', [
        uz.entryId,
        daysBeforeReport(200),
      ]);
    });
    await at(REPORT_AT, admin, kgCoordinator, kz);
    for (const { id, status } of outcomes) {
      await admin.client.query(SET_ACTIVITY_STATUS, { id, status });
    }
  }, 180_000);
  afterAll(() => app?.close());

  const network = (key: string) => review.networks.find((n) => n.networkKey === key)!;
  const stateRow = <T extends { memberStateCode: string }>(rows: T[], code: string) =>
    rows.find((row) => row.memberStateCode === code)!;

  it('counts the year at the seat: activities, participation, messages, requests', async () => {
    ({ yearlyReview: review } = await admin.client.query(REVIEW, { year: YEAR }));
    expect(review).toMatchObject({
      year: YEAR,
      timeZone: 'Asia/Almaty',
      from: '2025-12-31T19:00:00.000Z',
      to: '2026-12-31T19:00:00.000Z',
      // Signing in moved the test clock on a little; the roster is read at the clock's now.
      rosterAsOf: app.clock.now().toISOString(),
    });
    expect(review.networks.map((n) => n.networkKey)).toEqual([
      'border-control',
      'economic-crimes',
      'law-enforcement',
      'wmd-nonproliferation',
    ]);
    const le = network('law-enforcement');
    expect(le.activities).toEqual({
      held: 2,
      heldMeetings: 1,
      heldSeminars: 1,
      heldTrainings: 0,
      planned: 1,
      cancelled: 1,
      heldActivities: [
        {
          activityId: activityIds['Chiefs of police'],
          kind: 'meeting',
          titleEn: 'Chiefs of police',
          participatingStates: 3,
        },
        {
          activityId: activityIds['Autumn seminar'],
          kind: 'seminar',
          titleEn: 'Autumn seminar',
          participatingStates: 2,
        },
      ],
    });
    expect(le.participation).toHaveLength(28);
    expect(
      le.participation
        .filter((p) => p.heldActivitiesAttended > 0)
        .map((p) => [p.memberStateCode, p.heldActivitiesAttended]),
    ).toEqual([
      ['KG', 1],
      ['KZ', 2],
      ['TJ', 1],
      ['UZ', 1],
    ]);
    expect(network('border-control').activities).toMatchObject({ held: 1, heldTrainings: 1 });
    expect(stateRow(network('border-control').participation, 'TJ').heldActivitiesAttended).toBe(1);

    expect(le.messages).toEqual({
      total: 5,
      byCategory: {
        informationExchange: 2,
        alert: 1,
        requestForAssistance: 1,
        bestPractice: 0,
        notice: 1,
      },
      byPriority: { routine: 3, urgent: 1, flash: 1 },
    });
    expect(le.requests).toEqual({
      requests: 1,
      requestsReceived: 2,
      requestsAnswered: 2,
      requestsAnsweredOnTime: 1,
      shareAnsweredOnTime: 0.5,
      medianHoursToAnswer: 2,
      hoursToAnswer80Percent: 240,
    });
    expect(network('economic-crimes').messages.total).toBe(0);
    expect(network('economic-crimes').requests.shareAnsweredOnTime).toBeNull();
  });

  it('shows roster completeness and freshness per state, by the directory’s rules', () => {
    const roster = network('law-enforcement').roster;
    expect(roster).toMatchObject({
      statesWithPrimary: 3,
      statesWithAlternate: 2,
      statesComplete: 1,
      activeEntries: 5,
      confirmedEntries: 3,
      staleEntries: 2,
    });
    expect(roster.states).toHaveLength(28);
    expect(['KG', 'KZ', 'TJ', 'UZ'].map((code) => stateRow(roster.states, code))).toEqual([
      {
        memberStateCode: 'KG',
        activeEntries: 1,
        activePrimary: false,
        alternatePresent: true,
        confirmedEntries: 0,
        staleEntries: 1,
      },
      {
        memberStateCode: 'KZ',
        activeEntries: 2,
        activePrimary: true,
        alternatePresent: true,
        confirmedEntries: 2,
        staleEntries: 0,
      },
      {
        memberStateCode: 'TJ',
        activeEntries: 1,
        activePrimary: true,
        alternatePresent: false,
        confirmedEntries: 1,
        staleEntries: 0,
      },
      {
        memberStateCode: 'UZ',
        activeEntries: 1,
        activePrimary: true,
        alternatePresent: false,
        confirmedEntries: 0,
        staleEntries: 1,
      },
    ]);
    expect(network('border-control').roster).toMatchObject({
      statesWithPrimary: 1,
      activeEntries: 1,
    });
  });

  it('reads the same for a coordinator, narrows to one network, and refuses a focal point', async () => {
    const { yearlyReview: asCoordinator } = await kgCoordinator.client.query(REVIEW, {
      year: YEAR,
    });
    expect(asCoordinator).toEqual(review);
    const { yearlyReview: one } = await admin.client.query(REVIEW, {
      year: YEAR,
      networkKey: 'law-enforcement',
    });
    expect(one.networks).toEqual([network('law-enforcement')]);

    const refused = await kz.client.request(REVIEW, { year: YEAR });
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const future = await admin.client.request(REVIEW, { year: YEAR + 1 });
    expect(future.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'year',
      reason: 'YEAR_OUT_OF_RANGE',
    });
    const unknown = await admin.client.request(REVIEW, { year: YEAR, networkKey: 'no-such' });
    expect(unknown.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'networkKey',
      reason: 'UNKNOWN_NETWORK',
    });
  });

  const download = (party: Party | null, file: string) =>
    fetch(`${app.url}/reports/yearly-review/${file}`, {
      headers: party ? { authorization: `Bearer ${party.token}` } : {},
    });

  it('exports the same figures as CSV, one figure per row', async () => {
    const response = await download(admin, `${YEAR}.csv`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="yearly-review-${YEAR}.csv"`,
    );
    const rows = parse(Buffer.from(await response.arrayBuffer()), {
      bom: true,
      columns: true,
    }) as Record<string, string>[];
    const value = (section: string, networkKey: string, measure: string, state = '') =>
      rows.find(
        (row) =>
          row.section === section &&
          row.network === networkKey &&
          row.member_state === state &&
          row.measure === measure,
      )?.value;
    expect(value('review', '', 'year')).toBe(String(YEAR));
    for (const n of review.networks) {
      const key = n.networkKey;
      expect(value('activities', key, 'held')).toBe(String(n.activities.held));
      expect(value('activities', key, 'planned')).toBe(String(n.activities.planned));
      expect(value('activities', key, 'cancelled')).toBe(String(n.activities.cancelled));
      expect(value('messages', key, 'total')).toBe(String(n.messages.total));
      expect(value('messages', key, 'category_alert')).toBe(String(n.messages.byCategory.alert));
      expect(value('messages', key, 'priority_flash')).toBe(String(n.messages.byPriority.flash));
      expect(value('requests', key, 'requests_received')).toBe(String(n.requests.requestsReceived));
      expect(value('roster', key, 'states_complete')).toBe(String(n.roster.statesComplete));
      for (const state of n.roster.states) {
        const code = state.memberStateCode;
        expect([
          value('roster_state', key, 'active_entries', code),
          value('roster_state', key, 'active_primary', code),
          value('roster_state', key, 'alternate_present', code),
          value('roster_state', key, 'stale_entries', code),
        ]).toEqual([
          String(state.activeEntries),
          state.activePrimary ? '1' : '0',
          state.alternatePresent ? '1' : '0',
          String(state.staleEntries),
        ]);
      }
      for (const state of n.participation) {
        expect(value('participation', key, 'held_activities_attended', state.memberStateCode)).toBe(
          String(state.heldActivitiesAttended),
        );
      }
    }
    expect(value('requests', 'law-enforcement', 'share_answered_on_time')).toBe('0.5');
    expect(value('requests', 'law-enforcement', 'median_hours_to_answer')).toBe('2');
    expect(value('requests', 'law-enforcement', 'hours_to_answer_80_percent')).toBe('240');
    expect(value('requests', 'economic-crimes', 'median_hours_to_answer')).toBe('');
    expect(
      rows.filter((row) => row.section === 'activity').map((row) => [row.activity_id, row.value]),
    ).toEqual([
      [activityIds['Border training'], '1'],
      [activityIds['Chiefs of police'], '3'],
      [activityIds['Autumn seminar'], '2'],
    ]);
  });

  it('exports a readable PDF with the figures, in English with a Russian subtitle', async () => {
    const response = await download(kgCoordinator, `${YEAR}.pdf?networkKey=law-enforcement`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    // Lines wrap where the page ends them: compare with the white space folded.
    const text = await pdfText(Buffer.from(await response.arrayBuffer()));
    const le = network('law-enforcement');
    for (const line of [
      `Yearly review ${YEAR}`,
      `Ежегодный обзор за ${YEAR} год`,
      le.nameRu,
      'Held: 2 (meetings 1, seminars 1, trainings 0); planned: 1; cancelled: 1',
      'Messages sent: 5',
      'By category: information exchange 2, alert 1, request for assistance 1, best practice 0, notice 1',
      'By priority: routine 3, urgent 1, flash 1',
      'Requests: 1; addressed states: 2; answered: 2; on time: 1 (50 %)',
      'Hours to answer: median 2; 80 % within 240',
      'States with an active primary: 3; with an alternate: 2; complete: 1; entries: 5 (confirmed 3, stale 2)',
      // The charts, labelled with their numbers.
      'Messages sent per network Law Enforcement 5',
      'Held activities attended per member state',
      'KZ Kazakhstan 2',
      'UZ Uzbekistan 1',
      'Member states with an active primary focal point, per network Law Enforcement 3',
    ]) {
      expect(text).toContain(line);
    }
    expect(text).not.toContain(SECRET_BODY);
  });

  it('refuses a focal point and an unknown file; audits every export', async () => {
    const refused = await download(kz, `${YEAR}.pdf`);
    expect(refused.status).toBe(403);
    const body = (await refused.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0].extensions.code).toBe('FORBIDDEN');
    expect((await download(null, `${YEAR}.csv`)).status).toBe(401);
    expect((await download(admin, `${YEAR}.xlsx`)).status).toBe(404);
    expect((await download(admin, `${YEAR + 1}.csv`)).status).toBe(400);

    const audited = await db().query<{ actor_id: string; details: Record<string, unknown> }[]>(
      `SELECT actor_id, details FROM (
         SELECT type, actor_id, details, occurred_at FROM audit_pending
         UNION ALL SELECT type, actor_id, details, occurred_at FROM audit_entry) e
        WHERE type = 'YEARLY_REVIEW_EXPORTED' ORDER BY occurred_at, (details->>'format')`,
    );
    expect(
      audited.map((row) => [
        row.actor_id,
        row.details.year,
        row.details.format,
        row.details.networkKey,
      ]),
    ).toEqual([
      [admin.account.id, YEAR, 'csv', null],
      [kgCoordinator.account.id, YEAR, 'pdf', 'law-enforcement'],
    ]);
  });
});
