import {
  type ActivitiesReview,
  type MessageCategoryValue,
  MESSAGE_CATEGORIES,
  MESSAGE_PRIORITIES,
  type MessagePriorityValue,
  type MessagesReview,
  type NetworkReview,
  type RequestsReview,
  type ReviewInput,
  type RosterReview,
  type YearlyReview,
} from './yearly-review.types';

const HOUR_SECONDS = 3600;

/** Seconds as hours, to the hundredth (a duration to read, not to compute with). */
export const hoursOf = (seconds: number | null): number | null =>
  seconds === null ? null : Math.round((seconds / HOUR_SECONDS) * 100) / 100;

const zeros = <K extends string>(keys: readonly K[]) =>
  Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;

function activitiesOf(input: ReviewInput, networkKey: string): ActivitiesReview {
  const rows = input.activities.filter((row) => row.networkKey === networkKey);
  const held = rows
    .filter((row) => row.status === 'held')
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.id.localeCompare(b.id));
  const heldOf = (kind: string) => held.filter((row) => row.kind === kind).length;
  return {
    held: held.length,
    heldMeetings: heldOf('meeting'),
    heldSeminars: heldOf('seminar'),
    heldTrainings: heldOf('training'),
    planned: rows.filter((row) => row.status === 'planned').length,
    cancelled: rows.filter((row) => row.status === 'cancelled').length,
    heldActivities: held.map((row) => ({
      activityId: row.id,
      kind: row.kind,
      titleEn: row.titleEn,
      titleRu: row.titleRu,
      startsAt: row.startsAt,
      participatingStates: row.participatingStates,
    })),
  };
}

function rosterOf(input: ReviewInput, networkKey: string): RosterReview {
  const byState = new Map(
    input.roster
      .filter((row) => row.networkKey === networkKey)
      .map((row) => [row.memberStateCode, row]),
  );
  const states = input.memberStates.map(({ code }) => {
    const row = byState.get(code);
    const activeEntries = row?.activeEntries ?? 0;
    const staleEntries = row?.staleEntries ?? 0;
    return {
      memberStateCode: code,
      activeEntries,
      activePrimary: row?.activePrimary ?? false,
      alternatePresent: row?.alternatePresent ?? false,
      confirmedEntries: activeEntries - staleEntries,
      staleEntries,
    };
  });
  const sum = (pick: (state: (typeof states)[number]) => number) =>
    states.reduce((total, state) => total + pick(state), 0);
  return {
    statesWithPrimary: states.filter((state) => state.activePrimary).length,
    statesWithAlternate: states.filter((state) => state.alternatePresent).length,
    statesComplete: states.filter((state) => state.activePrimary && state.alternatePresent).length,
    activeEntries: sum((state) => state.activeEntries),
    confirmedEntries: sum((state) => state.confirmedEntries),
    staleEntries: sum((state) => state.staleEntries),
    states,
  };
}

function messagesOf(input: ReviewInput, networkKey: string): MessagesReview {
  const byCategory = zeros<MessageCategoryValue>(MESSAGE_CATEGORIES);
  const byPriority = zeros<MessagePriorityValue>(MESSAGE_PRIORITIES);
  let total = 0;
  for (const row of input.messages) {
    if (row.networkKey !== networkKey) continue;
    byCategory[row.category] += row.messages;
    byPriority[row.priority] += row.messages;
    total += row.messages;
  }
  return { total, byCategory, byPriority };
}

function requestsOf(input: ReviewInput, networkKey: string): RequestsReview {
  const row = input.requests.find((candidate) => candidate.networkKey === networkKey);
  return {
    requests: row?.requests ?? 0,
    requestsReceived: row?.requestsReceived ?? 0,
    requestsAnswered: row?.requestsAnswered ?? 0,
    requestsAnsweredOnTime: row?.requestsAnsweredOnTime ?? 0,
    shareAnsweredOnTime: row?.shareAnsweredOnTime ?? null,
    medianHoursToAnswer: hoursOf(row?.secondsToAnswerMedian ?? null),
    hoursToAnswer80Percent: hoursOf(row?.secondsToAnswer80Percent ?? null),
  };
}

/**
 * The review from what was read: one section per network, every member state
 * listed (a state with nothing is a zero, which is what the reviewers look for).
 */
export function assembleReview(input: ReviewInput): YearlyReview {
  const networks: NetworkReview[] = input.networks.map((network) => {
    const attended = new Map(
      input.participation
        .filter((row) => row.networkKey === network.key)
        .map((row) => [row.memberStateCode, row.heldActivities]),
    );
    return {
      networkKey: network.key,
      nameEn: network.nameEn,
      nameRu: network.nameRu,
      activities: activitiesOf(input, network.key),
      participation: input.memberStates.map(({ code }) => ({
        memberStateCode: code,
        heldActivitiesAttended: attended.get(code) ?? 0,
      })),
      roster: rosterOf(input, network.key),
      messages: messagesOf(input, network.key),
      requests: requestsOf(input, network.key),
    };
  });
  return {
    year: input.year,
    timeZone: input.timeZone,
    from: input.from,
    to: input.to,
    rosterAsOf: input.rosterAsOf,
    memberStates: input.memberStates,
    networks,
  };
}

/** Per member state, the held activities it took part in across the review's networks. */
export function participationAcrossNetworks(
  review: YearlyReview,
): { memberStateCode: string; heldActivitiesAttended: number }[] {
  return review.memberStates.map(({ code }) => ({
    memberStateCode: code,
    heldActivitiesAttended: review.networks.reduce(
      (total, network) =>
        total +
        (network.participation.find((row) => row.memberStateCode === code)
          ?.heldActivitiesAttended ?? 0),
      0,
    ),
  }));
}
