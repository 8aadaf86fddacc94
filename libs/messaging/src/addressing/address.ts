import { DomainError, ErrorCode } from '@fpn/core';
import { Addressing } from '../entities/messaging-enums';

/** Where a new thread goes, as the client gave it (MessageAddressInput). */
export interface AddressInput {
  networkKey?: string | null;
  memberStateCodes?: string[] | null;
  focalPointIds?: string[] | null;
  userId?: string | null;
  coordinators?: boolean | null;
}

/** One of the five shapes a new thread can take. */
export type Address =
  | { addressing: Addressing.NETWORK; networkKey: string }
  | { addressing: Addressing.STATES; networkKey: string; memberStateCodes: string[] }
  | { addressing: Addressing.FOCAL_POINTS; networkKey: string; focalPointIds: string[] }
  | { addressing: Addressing.DIRECT; userId: string }
  | { addressing: Addressing.COORDINATORS };

export const MAX_ADDRESSED_STATES = 100;
export const MAX_ADDRESSED_FOCAL_POINTS = 1000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function refuse(message: string, field = 'to'): never {
  throw new DomainError(ErrorCode.BadUserInput, message, { field });
}

const present = <T>(list: T[] | null | undefined): list is T[] =>
  list !== undefined && list !== null;

/**
 * Exactly one shape: a network alone (the whole network), a network with
 * states, a network with focal points, an account alone (direct), or the
 * coordinators alone. Lists
 * are de-duplicated; state codes upper-cased. Anything else is BAD_USER_INPUT
 * naming the field.
 */
export function parseAddress(input: AddressInput): Address {
  const { networkKey, memberStateCodes, focalPointIds, userId, coordinators } = input;
  if (coordinators) {
    if (networkKey || present(memberStateCodes) || present(focalPointIds) || userId) {
      refuse('A thread to the coordinators names nothing else');
    }
    return { addressing: Addressing.COORDINATORS };
  }
  if (userId !== undefined && userId !== null) {
    if (networkKey || present(memberStateCodes) || present(focalPointIds)) {
      refuse('A direct thread names an account alone, without a network, states or focal points');
    }
    if (!UUID.test(userId)) refuse('userId is not an account id', 'to.userId');
    return { addressing: Addressing.DIRECT, userId: userId.toLowerCase() };
  }
  if (!networkKey) refuse('Name a network (networkKey) or an account (userId)');
  if (present(memberStateCodes) && present(focalPointIds)) {
    refuse('Address chosen states or chosen focal points, not both');
  }
  if (present(memberStateCodes)) {
    const codes = [...new Set(memberStateCodes.map((code) => code.trim().toUpperCase()))].sort();
    if (codes.length === 0 || codes.length > MAX_ADDRESSED_STATES) {
      refuse(`Name 1 to ${MAX_ADDRESSED_STATES} member states`, 'to.memberStateCodes');
    }
    if (codes.some((code) => !/^[A-Z]{2}$/.test(code))) {
      refuse('A member state code is two letters', 'to.memberStateCodes');
    }
    return { addressing: Addressing.STATES, networkKey, memberStateCodes: codes };
  }
  if (present(focalPointIds)) {
    const ids = [...new Set(focalPointIds.map((id) => id.toLowerCase()))].sort();
    if (ids.length === 0 || ids.length > MAX_ADDRESSED_FOCAL_POINTS) {
      refuse(`Name 1 to ${MAX_ADDRESSED_FOCAL_POINTS} focal points`, 'to.focalPointIds');
    }
    if (ids.some((id) => !UUID.test(id))) {
      refuse('A focal point id is not an entry id', 'to.focalPointIds');
    }
    return { addressing: Addressing.FOCAL_POINTS, networkKey, focalPointIds: ids };
  }
  return { addressing: Addressing.NETWORK, networkKey };
}
