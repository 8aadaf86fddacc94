import { stringify } from 'csv-stringify/sync';
import { neutralizeFormula } from '@fpn/directory';
import { MESSAGE_CATEGORIES, MESSAGE_PRIORITIES, type YearlyReview } from './yearly-review.types';

/** The columns, in order: the header row names them. */
export const REVIEW_CSV_COLUMNS = [
  'section',
  'network',
  'member_state',
  'activity_id',
  'label',
  'measure',
  'value',
] as const;

type Cell = string | number | null;
type CsvRow = [string, string, string, string, string, string, Cell];

const flag = (value: boolean) => (value ? 1 : 0);

/**
 * The review as rows, one figure per row ("long" form, so a spreadsheet
 * filters and pivots it): section, network, member state, activity, a label
 * for people, the measure and its value. Numbers unformatted; an empty value
 * is "none" (e.g. no answer to time).
 */
export function reviewCsvRows(review: YearlyReview): CsvRow[] {
  const rows: CsvRow[] = [
    ['review', '', '', '', '', 'year', review.year],
    ['review', '', '', '', review.timeZone, 'from', review.from.toISOString()],
    ['review', '', '', '', review.timeZone, 'to', review.to.toISOString()],
    ['review', '', '', '', '', 'roster_as_of', review.rosterAsOf.toISOString()],
  ];
  for (const network of review.networks) {
    const key = network.networkKey;
    const { activities, roster, messages, requests } = network;
    const add = (section: string, measure: string, value: Cell, state = '', label = '') =>
      rows.push([section, key, state, '', label, measure, value]);
    add('activities', 'held', activities.held, '', network.nameEn);
    add('activities', 'held_meetings', activities.heldMeetings);
    add('activities', 'held_seminars', activities.heldSeminars);
    add('activities', 'held_trainings', activities.heldTrainings);
    add('activities', 'planned', activities.planned);
    add('activities', 'cancelled', activities.cancelled);
    for (const activity of activities.heldActivities) {
      rows.push([
        'activity',
        key,
        '',
        activity.activityId,
        `${activity.startsAt.toISOString().slice(0, 10)} ${activity.kind}: ${activity.titleEn}`,
        'participating_states',
        activity.participatingStates,
      ]);
    }
    for (const state of network.participation) {
      add(
        'participation',
        'held_activities_attended',
        state.heldActivitiesAttended,
        state.memberStateCode,
      );
    }
    add('roster', 'states_with_primary', roster.statesWithPrimary);
    add('roster', 'states_with_alternate', roster.statesWithAlternate);
    add('roster', 'states_complete', roster.statesComplete);
    add('roster', 'active_entries', roster.activeEntries);
    add('roster', 'confirmed_entries', roster.confirmedEntries);
    add('roster', 'stale_entries', roster.staleEntries);
    for (const state of roster.states) {
      const code = state.memberStateCode;
      add('roster_state', 'active_entries', state.activeEntries, code);
      add('roster_state', 'active_primary', flag(state.activePrimary), code);
      add('roster_state', 'alternate_present', flag(state.alternatePresent), code);
      add('roster_state', 'confirmed_entries', state.confirmedEntries, code);
      add('roster_state', 'stale_entries', state.staleEntries, code);
    }
    add('messages', 'total', messages.total);
    for (const category of MESSAGE_CATEGORIES) {
      add('messages', `category_${category}`, messages.byCategory[category]);
    }
    for (const priority of MESSAGE_PRIORITIES) {
      add('messages', `priority_${priority}`, messages.byPriority[priority]);
    }
    add('requests', 'requests', requests.requests);
    add('requests', 'requests_received', requests.requestsReceived);
    add('requests', 'requests_answered', requests.requestsAnswered);
    add('requests', 'requests_answered_on_time', requests.requestsAnsweredOnTime);
    add('requests', 'share_answered_on_time', requests.shareAnsweredOnTime);
    add('requests', 'median_hours_to_answer', requests.medianHoursToAnswer);
    add('requests', 'hours_to_answer_80_percent', requests.hoursToAnswer80Percent);
  }
  return rows;
}

/**
 * UTF-8 with a byte-order mark (Cyrillic opens correctly in spreadsheets), a
 * header, CRLF; a cell that looks like a formula is neutralized as the roster
 * export does (titles are typed by people).
 */
export function reviewCsv(review: YearlyReview): Buffer {
  const text = stringify(reviewCsvRows(review), {
    bom: true,
    header: true,
    columns: [...REVIEW_CSV_COLUMNS],
    record_delimiter: 'windows',
    cast: { string: neutralizeFormula },
  });
  return Buffer.from(text, 'utf8');
}
