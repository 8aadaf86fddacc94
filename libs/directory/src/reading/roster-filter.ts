import { DomainError, ErrorCode } from '@fpn/core';
import type { AuthorityKind } from '../authorities/authority.entity';
import type { Availability, FocalPointStatus } from '../focal-points/focal-point.entity';
import type { DirectoryReader } from './directory-reader';
import type { FocalPointFilterInput } from './focal-point-filter.input';
import { searchTerms } from './search-text';

/** A filter checked against the caller's scope, with the network resolved to its id. */
export interface RosterFilter {
  memberStateCode?: string;
  networkId?: string;
  authorityKind?: AuthorityKind;
  language?: string;
  availability?: Availability;
  status?: FocalPointStatus;
  /** Normalised words, each of which must occur in the search column. */
  terms: string[];
}

export const TEXT_MAX_LENGTH = 200;
const TERMS_MAX = 10;

const badInput = (field: string, message: string) =>
  new DomainError(ErrorCode.BadUserInput, message, { field });

/**
 * Checks a filter. Asking explicitly for what the caller may not read is
 * FORBIDDEN (a coordinator or ministry system naming another state, a focal
 * point or ministry system naming a network that is not theirs) — as the
 * identity library answers a coordinator filtering accounts by another state.
 * Nested rosters (`Network.focalPoints`, `MemberState.focalPoints`) never
 * refuse: their parent is public reference data, and its roster is simply
 * what the caller may see of it, possibly nothing.
 */
export function checkRosterFilter(
  reader: DirectoryReader,
  input: FocalPointFilterInput | null | undefined,
  prefix = 'filter',
  options: { refuseOutOfScope: boolean } = { refuseOutOfScope: true },
): RosterFilter {
  const filter: RosterFilter = { terms: [] };
  if (!input) return filter;
  const field = (name: string) => (prefix ? `${prefix}.${name}` : name);
  if (input.memberStateCode != null) {
    const code = input.memberStateCode.trim().toUpperCase();
    if (!/^[A-Z]{2}$/.test(code)) {
      throw badInput(field('memberStateCode'), 'A member state code has two letters');
    }
    const stateBound = reader.kind === 'coordinator' || reader.kind === 'credential';
    if (options.refuseOutOfScope && stateBound && reader.memberStateCode !== code) {
      throw new DomainError(ErrorCode.Forbidden, 'You may read your own state’s entries only');
    }
    filter.memberStateCode = code;
  }
  if (input.networkKey != null) {
    const networkId = reader.networks.get(input.networkKey.trim());
    if (!networkId) throw badInput(field('networkKey'), 'There is no network with this key');
    const networkBound = reader.kind === 'focal-point' || reader.kind === 'credential';
    if (options.refuseOutOfScope && networkBound && !reader.networkIds.includes(networkId)) {
      throw new DomainError(ErrorCode.Forbidden, 'You may read the networks you belong to only');
    }
    filter.networkId = networkId;
  }
  if (input.language != null) {
    const language = input.language.trim().toLowerCase();
    if (!/^[a-z]{2}$/.test(language)) {
      throw badInput(field('language'), 'A language is a two-letter ISO 639-1 code');
    }
    filter.language = language;
  }
  if (input.text != null) {
    if (input.text.length > TEXT_MAX_LENGTH) {
      throw badInput(field('text'), `Search text is at most ${TEXT_MAX_LENGTH} characters`);
    }
    filter.terms = searchTerms(input.text);
    if (filter.terms.length > TERMS_MAX) {
      throw badInput(field('text'), `Search text has at most ${TERMS_MAX} words`);
    }
  }
  if (input.authorityKind != null) filter.authorityKind = input.authorityKind;
  if (input.availability != null) filter.availability = input.availability;
  if (input.status != null) filter.status = input.status;
  return filter;
}
