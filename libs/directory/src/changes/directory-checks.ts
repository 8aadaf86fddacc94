import { DomainError, ErrorCode, isUniqueViolation } from '@fpn/core';
import { Role, UserEntity } from '@fpn/identity';
import type { EntityManager } from 'typeorm';
import { AuthorityEntity } from '../authorities/authority.entity';
import { FocalPointEntity, FocalPointStatus } from '../focal-points/focal-point.entity';
import { NetworkMembershipEntity } from '../memberships/network-membership.entity';
import { NetworkEntity } from '../networks/network.entity';
import { badInput } from './directory-validation';

/**
 * What the database must agree with before a change is written: the
 * entities exist in the state, names are free, nobody is in a network twice,
 * an account belongs to one entry. The same checks run when a change is
 * proposed and again when it is applied.
 */

const conflict = (message: string, field?: string) =>
  new DomainError(ErrorCode.Conflict, message, field ? { field } : undefined);

/** The entry a change is about, locked for the change; another state's is NOT_FOUND. */
export async function focalPointOfState(
  manager: EntityManager,
  id: string,
  memberStateCode: string,
): Promise<FocalPointEntity> {
  const focalPoint = await manager.findOne(FocalPointEntity, {
    where: { id, memberStateCode },
    lock: { mode: 'pessimistic_write' },
  });
  if (!focalPoint) {
    throw new DomainError(ErrorCode.NotFound, `No focal point of ${memberStateCode} has this id`, {
      what: 'FocalPoint',
      key: id,
    });
  }
  return focalPoint;
}

export function assertNotRetired(focalPoint: FocalPointEntity): void {
  if (focalPoint.status === FocalPointStatus.RETIRED) {
    throw conflict('The entry is retired; propose a new entry instead');
  }
}

/**
 * An authority of the state. As the subject of the change (`target`) a
 * missing one is NOT_FOUND; referred to from another field it is bad input.
 */
export async function authorityOfState(
  manager: EntityManager,
  id: string,
  memberStateCode: string,
  field: string,
  options: { target?: boolean } = {},
): Promise<AuthorityEntity> {
  const authority = await manager.findOne(AuthorityEntity, {
    where: { id, memberStateCode },
    lock: options.target ? { mode: 'pessimistic_write' } : undefined,
  });
  if (authority) return authority;
  const message = `No authority of ${memberStateCode} has this id`;
  if (options.target) {
    throw new DomainError(ErrorCode.NotFound, message, { what: 'Authority', key: id, field });
  }
  throw badInput(field, message);
}

export async function assertAuthorityNameFree(
  manager: EntityManager,
  memberStateCode: string,
  nameEn: string,
  field: string,
  exceptId?: string,
): Promise<void> {
  const existing = await manager.findOneBy(AuthorityEntity, { memberStateCode, nameEn });
  if (existing && existing.id !== exceptId) {
    throw conflict(`${memberStateCode} already has an authority named "${nameEn}"`, field);
  }
}

export async function networkByKey(
  manager: EntityManager,
  key: string,
  field: string,
): Promise<NetworkEntity> {
  const network = await manager.findOneBy(NetworkEntity, { key });
  if (!network) throw badInput(field, `No network has the key "${key}"`);
  return network;
}

export async function membershipOf(
  manager: EntityManager,
  focalPointId: string,
  networkId: string,
): Promise<NetworkMembershipEntity | null> {
  return manager.findOneBy(NetworkMembershipEntity, { focalPointId, networkId });
}

/**
 * An account that may be linked to an entry of the state: a focal point or
 * coordinator of that state, not linked to another entry. A missing account
 * and another state's answer alike, so ids cannot be probed.
 */
export async function linkableAccount(
  manager: EntityManager,
  userId: string,
  memberStateCode: string,
  field: string,
  exceptFocalPointId?: string,
): Promise<UserEntity> {
  const user = await manager.findOneBy(UserEntity, { id: userId });
  if (!user || user.memberStateCode !== memberStateCode) {
    throw badInput(field, `No account of ${memberStateCode} has this id`);
  }
  if (user.role !== Role.FOCAL_POINT && user.role !== Role.STATE_COORDINATOR) {
    throw badInput(field, 'Only a focal point or coordinator account can be linked to an entry');
  }
  const linked = await manager.findOneBy(FocalPointEntity, { userId });
  if (linked && linked.id !== exceptFocalPointId) {
    throw conflict('This account is already linked to another entry', field);
  }
  return user;
}

/** A unique index refused a row that a check above let through (a race): CONFLICT. */
export async function refusingDuplicates<T>(work: () => Promise<T>, message: string): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw conflict(message);
    }
    throw error;
  }
}
