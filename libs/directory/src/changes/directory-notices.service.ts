import { Injectable } from '@nestjs/common';
import { Clock } from '@fpn/core';
import { Role, UserEntity, UserStatus } from '@fpn/identity';
import { NotificationKind, NotificationsService } from '@fpn/notifications';
import { type EntityManager, In } from 'typeorm';
import type { EntryNotice } from './applied-change';
import { type DirectoryChangeEntity, DirectoryChangeStatus } from './directory-change.entity';

/**
 * Tells the people concerned, in the change's transaction: the Secretariat
 * of a new proposal (in the app), the proposer of the decision, and the
 * person of an entry of what happened to it (in the app and by e-mail).
 * Content-free: ids, the state, the kind of change and dates — never a
 * contact detail.
 */
@Injectable()
export class DirectoryNotices {
  constructor(
    private readonly clock: Clock,
    private readonly notifications: NotificationsService,
  ) {}

  /** After commit: send what the transaction recorded now rather than at the next sweep. */
  dispatchSoon(): Promise<void> {
    return this.notifications.dispatchSoon();
  }

  async proposed(manager: EntityManager, change: DirectoryChangeEntity): Promise<void> {
    const staff = await manager.find(UserEntity, {
      where: {
        role: In([Role.SECRETARIAT_ADMIN, Role.SECRETARIAT_OFFICER]),
        status: UserStatus.ACTIVE,
      },
    });
    for (const person of staff) {
      await this.notifications.notify(manager, {
        userId: person.id,
        kind: NotificationKind.DIRECTORY_CHANGE_PROPOSED,
        params: {
          displayName: person.displayName,
          changeId: change.id,
          changeKind: change.kind,
          memberStateCode: change.memberStateCode,
          proposedAt: change.proposedAt.toISOString(),
        },
      });
    }
  }

  async decided(manager: EntityManager, change: DirectoryChangeEntity): Promise<void> {
    const proposer = await manager.findOneBy(UserEntity, { id: change.proposedBy });
    if (!proposer) return;
    await this.notifications.notify(manager, {
      userId: proposer.id,
      kind: NotificationKind.DIRECTORY_CHANGE_DECIDED,
      params: {
        displayName: proposer.displayName,
        changeId: change.id,
        changeKind: change.kind,
        memberStateCode: change.memberStateCode,
        decision: change.status === DirectoryChangeStatus.APPROVED ? 'approved' : 'rejected',
        decidedAt: (change.decidedAt ?? this.clock.now()).toISOString(),
      },
      email: { to: proposer.email, language: proposer.language },
    });
  }

  /** Each entry's person, about what happened to their entry. */
  async entriesChanged(manager: EntityManager, notices: readonly EntryNotice[]): Promise<void> {
    for (const notice of notices) {
      const person = await manager.findOneBy(UserEntity, { id: notice.userId });
      if (!person) continue;
      await this.notifications.notify(manager, {
        userId: person.id,
        kind: NotificationKind.DIRECTORY_ENTRY_CHANGED,
        params: {
          displayName: person.displayName,
          entryId: notice.focalPointId,
          memberStateCode: notice.memberStateCode,
          entryChange: notice.entryChange,
          changedAt: this.clock.now().toISOString(),
        },
        email: { to: person.email, language: person.language },
      });
    }
  }

  /**
   * A state's coordinators, in the app, when the Secretariat changed one of
   * their entries directly (no proposal of theirs told them).
   */
  async coordinatorsOfDirectEdit(
    manager: EntityManager,
    notice: Omit<EntryNotice, 'userId'>,
    exceptUserId: string | null,
  ): Promise<void> {
    const coordinators = await manager.find(UserEntity, {
      where: {
        role: Role.STATE_COORDINATOR,
        memberStateCode: notice.memberStateCode,
        status: UserStatus.ACTIVE,
      },
    });
    for (const coordinator of coordinators) {
      if (coordinator.id === exceptUserId) continue;
      await this.notifications.notify(manager, {
        userId: coordinator.id,
        kind: NotificationKind.DIRECTORY_ENTRY_CHANGED,
        params: {
          displayName: coordinator.displayName,
          entryId: notice.focalPointId,
          memberStateCode: notice.memberStateCode,
          entryChange: notice.entryChange,
          changedAt: this.clock.now().toISOString(),
        },
      });
    }
  }
}
