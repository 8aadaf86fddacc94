import { stringify, type Stringifier } from 'csv-stringify';
import type { AuthorityEntity } from '../authorities/authority.entity';
import type { ContactChannel, FocalPointEntity } from '../focal-points/focal-point.entity';
import type { MemberStateEntity } from '../member-states/member-state.entity';

/** One entry as exported: what the reader may see of it, with names already looked up. */
export interface RosterCsvEntry {
  entry: FocalPointEntity;
  memberState: MemberStateEntity | undefined;
  authority: AuthorityEntity | undefined;
  /** `network-key (role)` of each visible membership. */
  memberships: string[];
  /** Null when the reader may not see the entry's contact channels. */
  contactChannels: ContactChannel[] | null;
}

/** The columns, in order: the header row names them. */
export const ROSTER_CSV_COLUMNS = [
  'Member state',
  'Member state name',
  'Full name',
  'Title',
  'Authority',
  'Authority (Russian)',
  'Authority kind',
  'Networks',
  'Languages',
  'Time zone',
  'Availability',
  'Status',
  'Last confirmed',
  'Contact channels',
  'Id',
] as const;

const LIST_SEPARATOR = '; ';

const channel = (c: ContactChannel) => `${c.kind}: ${c.value}${c.note ? ` (${c.note})` : ''}`;

export function rosterCsvRow(item: RosterCsvEntry): string[] {
  const { entry } = item;
  return [
    entry.memberStateCode,
    item.memberState?.nameEn ?? '',
    entry.fullName,
    entry.title,
    item.authority?.nameEn ?? '',
    item.authority?.nameRu ?? '',
    item.authority?.kind ?? '',
    item.memberships.join(LIST_SEPARATOR),
    entry.languages.join(LIST_SEPARATOR),
    entry.timeZone,
    entry.availability,
    entry.status,
    entry.lastConfirmedAt.toISOString(),
    item.contactChannels === null ? '' : item.contactChannels.map(channel).join(LIST_SEPARATOR),
    entry.id,
  ];
}

/**
 * A cell a spreadsheet would take for a formula (=, +, -, @, tab, CR first)
 * is prefixed with an apostrophe, as OWASP advises against CSV injection:
 * entries are typed by people in 28 states, and the file is opened by others.
 */
export const neutralizeFormula = (value: string): string =>
  /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;

/**
 * A CSV writer: UTF-8 with a byte-order mark, so spreadsheet programs open
 * Cyrillic names correctly; a header row; CRLF line ends (RFC 4180).
 */
export function rosterCsvStringifier(): Stringifier {
  return stringify({
    bom: true,
    header: true,
    columns: [...ROSTER_CSV_COLUMNS],
    record_delimiter: 'windows',
    cast: { string: neutralizeFormula },
  });
}
