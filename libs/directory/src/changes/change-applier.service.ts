import { Injectable } from '@nestjs/common';
import { Clock, DomainError, ErrorCode } from '@fpn/core';
import type { EntityManager } from 'typeorm';
import { FocalPointEntity, FocalPointStatus } from '../focal-points/focal-point.entity';
import { NetworkMembershipEntity } from '../memberships/network-membership.entity';
import type { DirectoryVersionEntity, VersionChanges } from '../history/directory-version.entity';
import { type AppliedChange, DirectoryEntryChange } from './applied-change';
import { AuthorityWriter } from './authority-writer.service';
import type {
  AddFocalPointPayload,
  ChangeFocalPointPayload,
  ProposedChange,
} from './change-payload';
import {
  assertNotRetired,
  authorityOfState,
  focalPointOfState,
  linkableAccount,
  membershipOf,
  networkByKey,
  refusingDuplicates,
} from './directory-checks';
import { DirectoryChangeKind } from './directory-change.entity';
import { FocalPointWriter, type VersionContext } from './focal-point-writer.service';

/** Which input field a kind's fields are named under, so errors point into the proposal. */
const AT: Record<DirectoryChangeKind, string> = {
  [DirectoryChangeKind.ADD_FOCAL_POINT]: 'addFocalPoint',
  [DirectoryChangeKind.CHANGE_FOCAL_POINT]: 'changeFocalPoint',
  [DirectoryChangeKind.RETIRE_FOCAL_POINT]: 'retireFocalPoint',
  [DirectoryChangeKind.ADD_MEMBERSHIP]: 'addMembership',
  [DirectoryChangeKind.REMOVE_MEMBERSHIP]: 'removeMembership',
  [DirectoryChangeKind.LINK_ACCOUNT]: 'linkAccount',
  [DirectoryChangeKind.ADD_AUTHORITY]: 'addAuthority',
  [DirectoryChangeKind.RENAME_AUTHORITY]: 'renameAuthority',
};

const membershipField = (networkKey: string) => `memberships.${networkKey}`;

/**
 * Applies one proposed change to a state's roster inside the caller's
 * transaction, checking the database step by step as it writes: what the
 * world no longer allows fails the whole change, and the caller's rollback
 * undoes whatever was already written. Every entity it touches gets a
 * version. The same code checks a proposal (run in a savepoint that is
 * rolled back) and applies it on approval.
 */
@Injectable()
export class ChangeApplier {
  constructor(
    private readonly clock: Clock,
    private readonly writer: FocalPointWriter,
    private readonly authorities: AuthorityWriter,
  ) {}

  async apply(
    manager: EntityManager,
    memberStateCode: string,
    change: ProposedChange,
    context: VersionContext,
  ): Promise<AppliedChange> {
    const at = AT[change.kind];
    switch (change.kind) {
      case DirectoryChangeKind.ADD_FOCAL_POINT:
        return this.addFocalPoint(manager, memberStateCode, change.payload, context, at);
      case DirectoryChangeKind.CHANGE_FOCAL_POINT:
        return this.changeFocalPoint(manager, memberStateCode, change.payload, context, at);
      case DirectoryChangeKind.RETIRE_FOCAL_POINT: {
        const focalPoint = await focalPointOfState(
          manager,
          change.payload.focalPointId,
          memberStateCode,
        );
        return this.retire(manager, focalPoint, context);
      }
      case DirectoryChangeKind.ADD_MEMBERSHIP: {
        const { focalPointId, networkKey, role } = change.payload;
        const focalPoint = await focalPointOfState(manager, focalPointId, memberStateCode);
        assertNotRetired(focalPoint);
        const network = await networkByKey(manager, networkKey, `${at}.networkKey`);
        if (await membershipOf(manager, focalPoint.id, network.id)) {
          throw new DomainError(ErrorCode.Conflict, 'The entry is already in this network', {
            field: `${at}.networkKey`,
          });
        }
        await this.insertMembership(manager, focalPoint.id, network.id, role);
        const version = await this.writer.change(manager, focalPoint, {}, context, {
          [membershipField(networkKey)]: { from: null, to: role },
        });
        return this.entryApplied(focalPoint, version, DirectoryEntryChange.NETWORK_ADDED);
      }
      case DirectoryChangeKind.REMOVE_MEMBERSHIP: {
        const { focalPointId, networkKey } = change.payload;
        const focalPoint = await focalPointOfState(manager, focalPointId, memberStateCode);
        const network = await networkByKey(manager, networkKey, `${at}.networkKey`);
        const membership = await membershipOf(manager, focalPoint.id, network.id);
        if (!membership) {
          throw new DomainError(ErrorCode.Conflict, 'The entry is not in this network', {
            field: `${at}.networkKey`,
          });
        }
        await manager.delete(NetworkMembershipEntity, { id: membership.id });
        const version = await this.writer.change(manager, focalPoint, {}, context, {
          [membershipField(networkKey)]: { from: membership.role, to: null },
        });
        return this.entryApplied(focalPoint, version, DirectoryEntryChange.NETWORK_REMOVED);
      }
      case DirectoryChangeKind.LINK_ACCOUNT: {
        const { focalPointId, userId } = change.payload;
        const focalPoint = await focalPointOfState(manager, focalPointId, memberStateCode);
        assertNotRetired(focalPoint);
        if (focalPoint.userId === userId) {
          throw new DomainError(ErrorCode.Conflict, 'This account is already linked to the entry', {
            field: `${at}.userId`,
          });
        }
        await linkableAccount(manager, userId, memberStateCode, `${at}.userId`, focalPoint.id);
        const previous = focalPoint.userId;
        const version = await this.link(manager, focalPoint, userId, context);
        const applied = this.entryApplied(focalPoint, version, DirectoryEntryChange.ACCOUNT_LINKED);
        if (previous) {
          applied.notices.push({
            userId: previous,
            focalPointId: focalPoint.id,
            memberStateCode,
            entryChange: DirectoryEntryChange.ACCOUNT_UNLINKED,
          });
        }
        return applied;
      }
      case DirectoryChangeKind.ADD_AUTHORITY: {
        const authority = await this.authorities.add(
          manager,
          memberStateCode,
          change.payload,
          context,
          at,
        );
        return { appliedEntityId: authority.entity.id, versions: [authority.version], notices: [] };
      }
      case DirectoryChangeKind.RENAME_AUTHORITY:
        return this.authorities.rename(manager, memberStateCode, change.payload, context, at);
    }
  }

  /** Retirement is final: the entry leaves every use, and its account is unlinked. */
  async retire(
    manager: EntityManager,
    focalPoint: FocalPointEntity,
    context: VersionContext,
  ): Promise<AppliedChange> {
    assertNotRetired(focalPoint);
    const person = focalPoint.userId;
    const version = await this.writer.change(
      manager,
      focalPoint,
      { status: FocalPointStatus.RETIRED, userId: null },
      context,
    );
    return {
      appliedEntityId: focalPoint.id,
      versions: version ? [version] : [],
      notices: person
        ? [
            {
              userId: person,
              focalPointId: focalPoint.id,
              memberStateCode: focalPoint.memberStateCode,
              entryChange: DirectoryEntryChange.RETIRED,
            },
          ]
        : [],
    };
  }

  private async addFocalPoint(
    manager: EntityManager,
    memberStateCode: string,
    payload: AddFocalPointPayload,
    context: VersionContext,
    at: string,
  ): Promise<AppliedChange> {
    const versions: DirectoryVersionEntity[] = [];
    let authorityId: string;
    if (payload.newAuthority) {
      const created = await this.authorities.add(
        manager,
        memberStateCode,
        payload.newAuthority,
        context,
        `${at}.newAuthority`,
      );
      versions.push(created.version);
      authorityId = created.entity.id;
    } else {
      authorityId = (
        await authorityOfState(manager, payload.authorityId!, memberStateCode, `${at}.authorityId`)
      ).id;
    }
    const focalPoint = manager.create(FocalPointEntity, {
      memberStateCode,
      authorityId,
      fullName: payload.fullName,
      title: payload.title,
      languages: payload.languages,
      timeZone: payload.timeZone,
      availability: payload.availability,
      contactChannels: payload.contactChannels,
      status: FocalPointStatus.ACTIVE,
      lastConfirmedAt: this.clock.now(),
      userId: null,
      version: 1,
    });
    await manager.save(focalPoint);

    const extra: VersionChanges = {};
    for (const [index, membership] of payload.memberships.entries()) {
      const network = await networkByKey(
        manager,
        membership.networkKey,
        `${at}.memberships[${index}].networkKey`,
      );
      await this.insertMembership(manager, focalPoint.id, network.id, membership.role);
      extra[membershipField(membership.networkKey)] = { from: null, to: membership.role };
    }
    if (payload.userId) {
      await linkableAccount(manager, payload.userId, memberStateCode, `${at}.userId`);
      await refusingDuplicates(
        () => manager.update(FocalPointEntity, { id: focalPoint.id }, { userId: payload.userId }),
        'This account is already linked to another entry',
      );
      focalPoint.userId = payload.userId;
    }
    versions.push(await this.writer.created(manager, focalPoint, context, extra));
    return {
      appliedEntityId: focalPoint.id,
      versions,
      notices: focalPoint.userId
        ? [
            {
              userId: focalPoint.userId,
              focalPointId: focalPoint.id,
              memberStateCode,
              entryChange: DirectoryEntryChange.CREATED,
            },
          ]
        : [],
    };
  }

  private async changeFocalPoint(
    manager: EntityManager,
    memberStateCode: string,
    payload: ChangeFocalPointPayload,
    context: VersionContext,
    at: string,
  ): Promise<AppliedChange> {
    const focalPoint = await focalPointOfState(manager, payload.focalPointId, memberStateCode);
    assertNotRetired(focalPoint);
    if (payload.changes.authorityId) {
      await authorityOfState(
        manager,
        payload.changes.authorityId,
        memberStateCode,
        `${at}.authorityId`,
      );
    }
    const version = await this.writer.change(manager, focalPoint, payload.changes, context);
    if (!version) {
      throw new DomainError(ErrorCode.Conflict, 'The entry already has these values', {
        field: at,
      });
    }
    return this.entryApplied(focalPoint, version, DirectoryEntryChange.UPDATED);
  }

  private async link(
    manager: EntityManager,
    focalPoint: FocalPointEntity,
    userId: string,
    context: VersionContext,
  ): Promise<DirectoryVersionEntity | null> {
    return refusingDuplicates(
      () => this.writer.change(manager, focalPoint, { userId }, context),
      'This account is already linked to another entry',
    );
  }

  private insertMembership(
    manager: EntityManager,
    focalPointId: string,
    networkId: string,
    role: NetworkMembershipEntity['role'],
  ) {
    return refusingDuplicates(
      () => manager.insert(NetworkMembershipEntity, { focalPointId, networkId, role }),
      'The entry is already in this network',
    );
  }

  private entryApplied(
    focalPoint: FocalPointEntity,
    version: DirectoryVersionEntity | null,
    entryChange: DirectoryEntryChange,
  ): AppliedChange {
    return {
      appliedEntityId: focalPoint.id,
      versions: version ? [version] : [],
      notices: focalPoint.userId
        ? [
            {
              userId: focalPoint.userId,
              focalPointId: focalPoint.id,
              memberStateCode: focalPoint.memberStateCode,
              entryChange,
            },
          ]
        : [],
    };
  }
}
