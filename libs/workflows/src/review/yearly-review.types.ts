/**
 * The yearly review (docs/workflows.md, "The yearly review"): what the
 * Special Working Group and the Senior Officials Committee read each year.
 * Counts and durations only — never a message's subject, body or attachment.
 */
import type { NetworkResponseStatistics } from '@fpn/messaging';
import type { ActivityKind } from '../activities/entities/activity.entity';

/** The stored `activity_kind` values (the activities' own enum), as the review reads them. */
export type ReviewActivityKind = `${ActivityKind}`;

/** The stored (lower-case) values of the messages' visible metadata. */
export const MESSAGE_CATEGORIES = [
  'information_exchange',
  'alert',
  'request_for_assistance',
  'best_practice',
  'notice',
] as const;
export const MESSAGE_PRIORITIES = ['routine', 'urgent', 'flash'] as const;
export type MessageCategoryValue = (typeof MESSAGE_CATEGORIES)[number];
export type MessagePriorityValue = (typeof MESSAGE_PRIORITIES)[number];

export interface ReviewNetwork {
  id: string;
  key: string;
  nameEn: string;
  nameRu: string;
}

export interface ReviewMemberState {
  code: string;
  nameEn: string;
  nameRu: string;
}

/** An activity that starts in the year (any status), with how many states take part. */
export interface ActivityRow {
  id: string;
  networkKey: string;
  kind: ReviewActivityKind;
  status: 'planned' | 'held' | 'cancelled';
  titleEn: string;
  titleRu: string;
  startsAt: Date;
  participatingStates: number;
}

/** How many held activities of the year a state took part in, in one network. */
export interface ParticipationRow {
  networkKey: string;
  memberStateCode: string;
  heldActivities: number;
}

/** One state's active entries in one network, now. */
export interface RosterRow {
  networkKey: string;
  memberStateCode: string;
  activeEntries: number;
  activePrimary: boolean;
  alternatePresent: boolean;
  /** Past their confirmation due date (the directory's freshness rules), escalated or not. */
  staleEntries: number;
}

export interface MessageCountRow {
  networkKey: string;
  category: MessageCategoryValue;
  priority: MessagePriorityValue;
  messages: number;
}

/** A network's requests and answers, from the messaging statistics' own SQL. */
export type RequestStatisticsRow = NetworkResponseStatistics;

/** Everything the review is assembled from, as read from PostgreSQL. */
export interface ReviewInput {
  year: number;
  timeZone: string;
  from: Date;
  to: Date;
  rosterAsOf: Date;
  networks: ReviewNetwork[];
  memberStates: ReviewMemberState[];
  activities: ActivityRow[];
  participation: ParticipationRow[];
  roster: RosterRow[];
  messages: MessageCountRow[];
  requests: RequestStatisticsRow[];
}

// The review as read: one section per network.

export interface HeldActivityReview {
  activityId: string;
  kind: ReviewActivityKind;
  titleEn: string;
  titleRu: string;
  startsAt: Date;
  participatingStates: number;
}

export interface ActivitiesReview {
  held: number;
  heldMeetings: number;
  heldSeminars: number;
  heldTrainings: number;
  /** Starting in the year and still planned (not yet marked held or cancelled). */
  planned: number;
  cancelled: number;
  /** The held activities, by start. */
  heldActivities: HeldActivityReview[];
}

export interface StateParticipationReview {
  memberStateCode: string;
  heldActivitiesAttended: number;
}

export interface StateRosterReview {
  memberStateCode: string;
  activeEntries: number;
  activePrimary: boolean;
  alternatePresent: boolean;
  /** Confirmed within their confirmation interval (not stale). */
  confirmedEntries: number;
  staleEntries: number;
}

export interface RosterReview {
  /** States with an active primary focal point in the network. */
  statesWithPrimary: number;
  statesWithAlternate: number;
  /** States with an active primary and at least one active alternate. */
  statesComplete: number;
  activeEntries: number;
  confirmedEntries: number;
  staleEntries: number;
  /** Every member state, in code order. */
  states: StateRosterReview[];
}

export interface MessagesReview {
  total: number;
  byCategory: Record<MessageCategoryValue, number>;
  byPriority: Record<MessagePriorityValue, number>;
}

export interface RequestsReview {
  requests: number;
  requestsReceived: number;
  requestsAnswered: number;
  requestsAnsweredOnTime: number;
  shareAnsweredOnTime: number | null;
  medianHoursToAnswer: number | null;
  hoursToAnswer80Percent: number | null;
}

export interface NetworkReview {
  networkKey: string;
  nameEn: string;
  nameRu: string;
  activities: ActivitiesReview;
  /** Every member state, in code order. */
  participation: StateParticipationReview[];
  roster: RosterReview;
  messages: MessagesReview;
  requests: RequestsReview;
}

export interface YearlyReview {
  year: number;
  timeZone: string;
  from: Date;
  to: Date;
  /** The roster figures are a snapshot at this moment (the directory keeps no yearly state). */
  rosterAsOf: Date;
  memberStates: ReviewMemberState[];
  networks: NetworkReview[];
}
