import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditEventType, AuditService } from '@fpn/audit';
import { Clock, DomainError, ErrorCode } from '@fpn/core';
import {
  CallerScope,
  type Principal,
  type RequestOrigin,
  Role,
  UserEntity,
  UserStatus,
} from '@fpn/identity';
import { DataSource, type EntityManager } from 'typeorm';
import { FocalPointEntity, FocalPointStatus } from '../focal-points/focal-point.entity';
import { addDays, freshnessState, type FreshnessState, intervalDaysSql } from './freshness-rules';

/** An entry's place in its confirmation cycle. */
export interface EntryFreshnessView {
  focalPointId: string;
  memberStateCode: string;
  lastConfirmedAt: Date;
  confirmationDueAt: Date;
  state: FreshnessState;
  remindedAt: Date | null;
  staleSince: Date | null;
  escalatedAt: Date | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Confirming that a directory entry is still true, which starts a new
 * confirmation cycle. The person confirms their own entry; for an entry with
 * no active account, a coordinator of its state confirms on the person's behalf.
 */
@Injectable()
export class EntryConfirmations {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  /** The caller's own entry (the one linked to their account), or null. */
  async mine(actor: Principal): Promise<EntryFreshnessView | null> {
    const entry = await this.dataSource.manager.findOneBy(FocalPointEntity, {
      userId: actor.user.id,
    });
    return entry ? this.view(this.dataSource.manager, entry) : null;
  }

  async confirmMine(actor: Principal, origin: RequestOrigin): Promise<EntryFreshnessView> {
    return this.dataSource.transaction(async (manager) => {
      const entry = await manager.findOne(FocalPointEntity, {
        where: { userId: actor.user.id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!entry) {
        throw new DomainError(ErrorCode.NotFound, 'No directory entry is linked to your account');
      }
      return this.confirm(manager, entry, actor, origin, false);
    });
  }

  /** A coordinator, for an entry of their own state whose person has no active account. */
  async confirmOnBehalf(
    actor: Principal,
    focalPointId: string,
    origin: RequestOrigin,
  ): Promise<EntryFreshnessView> {
    if (actor.user.role !== Role.STATE_COORDINATOR) {
      throw new DomainError(
        ErrorCode.Forbidden,
        "Only the state's coordinator confirms for a person",
      );
    }
    const scope = CallerScope.ofUser(actor.user);
    return this.dataSource.transaction(async (manager) => {
      const entry = UUID.test(focalPointId)
        ? await manager.findOne(FocalPointEntity, {
            where: { id: focalPointId },
            lock: { mode: 'pessimistic_write' },
          })
        : null;
      // Another state's entries are NOT_FOUND, as if they did not exist.
      if (!entry || !scope.canActOnState(entry.memberStateCode)) {
        throw new DomainError(ErrorCode.NotFound, 'No such directory entry');
      }
      if (entry.userId) {
        const account = await manager.findOneBy(UserEntity, { id: entry.userId });
        if (account?.status === UserStatus.ACTIVE) {
          throw new DomainError(
            ErrorCode.Forbidden,
            'This person has an account and confirms their own entry',
          );
        }
      }
      return this.confirm(manager, entry, actor, origin, true);
    });
  }

  private async confirm(
    manager: EntityManager,
    entry: FocalPointEntity,
    actor: Principal,
    origin: RequestOrigin,
    onBehalf: boolean,
  ): Promise<EntryFreshnessView> {
    if (entry.status !== FocalPointStatus.ACTIVE) {
      throw new DomainError(ErrorCode.Conflict, `The entry is ${entry.status}, not active`);
    }
    const now = this.clock.now();
    // Not a change of the entry's content: no new version, and updated_at stays.
    await manager.query(
      `UPDATE focal_point
          SET last_confirmed_at = $2, reminded_at = NULL, stale_since = NULL, escalated_at = NULL
        WHERE id = $1`,
      [entry.id, now],
    );
    await this.audit.record(manager, {
      type: AuditEventType.DIRECTORY_ENTRY_CONFIRMED,
      actorId: actor.user.id,
      actorRole: actor.user.role,
      subjectType: 'focal_point',
      subjectId: entry.id,
      memberState: entry.memberStateCode,
      ip: origin.ip ?? null,
      requestId: origin.requestId ?? null,
      details: {
        onBehalf,
        previouslyConfirmedAt: entry.lastConfirmedAt.toISOString(),
        wasStale: entry.staleSince !== null,
        wasEscalated: entry.escalatedAt !== null,
      },
    });
    return this.view(manager, {
      ...entry,
      lastConfirmedAt: now,
      remindedAt: null,
      staleSince: null,
      escalatedAt: null,
    });
  }

  private async view(manager: EntityManager, entry: FocalPointEntity): Promise<EntryFreshnessView> {
    const [{ days }] = await manager.query<{ days: number }[]>(
      `SELECT ${intervalDaysSql('$1::uuid')} AS days`,
      [entry.id],
    );
    const dueAt = addDays(entry.lastConfirmedAt, days);
    return {
      focalPointId: entry.id,
      memberStateCode: entry.memberStateCode,
      lastConfirmedAt: entry.lastConfirmedAt,
      confirmationDueAt: dueAt,
      state: freshnessState(entry, dueAt, this.clock.now()),
      remindedAt: entry.remindedAt,
      staleSince: entry.staleSince,
      escalatedAt: entry.escalatedAt,
    };
  }
}
