import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditEventType, AuditService } from '@fpn/audit';
import { Clock, DomainError, ErrorCode } from '@fpn/core';
import { isSecretariat, Role } from '@fpn/identity';
import { DataSource, type EntityManager } from 'typeorm';
import type { DirectoryActor } from '../changes/directory-actor';
import { FocalPointEntity } from '../focal-points/focal-point.entity';
import {
  DirectoryEntityType,
  DirectoryVersionEntity,
  type VersionChanges,
} from './directory-version.entity';

export interface NewVersion {
  entityType: DirectoryEntityType;
  entityId: string;
  memberStateCode: string | null;
  /** The entity's new version number; computed from the history when the entity keeps none. */
  version?: number;
  changes: VersionChanges;
  actor: { id: string; role: string };
  reason: string | null;
  /** The approved proposal, if any. */
  changeId?: string | null;
}

export interface VersionPage {
  versions: DirectoryVersionEntity[];
  nextCursor: string | null;
}

export const HISTORY_PAGE_DEFAULT = 20;
const PAGE_MAX = 100;

/**
 * The directory's history: one version per applied change per entity, written
 * in the change's transaction, never changed afterwards. Read by the
 * Secretariat (everything), a coordinator (their state) and a focal point
 * (their own entry); anything else is NOT_FOUND, as if it had no history.
 */
@Injectable()
export class DirectoryVersions {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  /**
   * Writes one version. The caller holds a lock on the entity (or created
   * it), so the next number cannot race; the unique index would refuse a
   * second writer anyway.
   */
  async record(manager: EntityManager, input: NewVersion): Promise<DirectoryVersionEntity> {
    const version = input.version ?? (await this.nextVersion(manager, input));
    const values = {
      entityType: input.entityType,
      entityId: input.entityId,
      memberStateCode: input.memberStateCode,
      version,
      changes: input.changes,
      actorId: input.actor.id,
      actorRole: input.actor.role,
      recordedAt: this.clock.now(),
      reason: input.reason,
      changeId: input.changeId ?? null,
    };
    // Plain SQL: the JSON of `changes` is recursive, which TypeORM's insert typing cannot follow.
    const [row] = await manager.query<{ id: string }[]>(
      `INSERT INTO directory_version (entity_type, entity_id, member_state_code, version, changes,
                                      actor_id, actor_role, recorded_at, reason, change_id)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9, $10)
       RETURNING id`,
      [
        values.entityType,
        values.entityId,
        values.memberStateCode,
        values.version,
        JSON.stringify(values.changes),
        values.actorId,
        values.actorRole,
        values.recordedAt,
        values.reason,
        values.changeId,
      ],
    );
    return Object.assign(new DirectoryVersionEntity(), values, { id: String(row.id) });
  }

  /** The versions of one entity, newest first. */
  async history(
    actor: DirectoryActor,
    entityId: string,
    first: number,
    after?: string | null,
  ): Promise<VersionPage> {
    if (!Number.isInteger(first) || first < 1 || first > PAGE_MAX) {
      throw new DomainError(ErrorCode.BadUserInput, `first must be between 1 and ${PAGE_MAX}`, {
        field: 'first',
      });
    }
    const before = after == null ? null : decodeCursor(after);
    const id = entityId.trim();
    const manager = this.dataSource.manager;
    const latest =
      id.length > 0 && id.length <= 64
        ? await manager.findOne(DirectoryVersionEntity, {
            where: { entityId: id },
            order: { id: 'DESC' },
          })
        : null;
    if (!latest) throw new DomainError(ErrorCode.NotFound, 'No history for this id');
    if (!(await this.mayRead(manager, actor, latest))) {
      await this.audit.recordNow({
        type: AuditEventType.AUTHORIZATION_DENIED,
        actorId: actor.user.id,
        actorRole: actor.user.role,
        memberState: actor.user.memberStateCode,
        ip: actor.origin.ip ?? null,
        requestId: actor.origin.requestId ?? null,
        details: { operation: 'directoryHistory', why: 'object-scope', entityId: id },
      });
      throw new DomainError(ErrorCode.NotFound, 'No history for this id');
    }
    const query = manager
      .createQueryBuilder(DirectoryVersionEntity, 'v')
      .where('v.entity_id = :id', { id })
      .orderBy('v.id', 'DESC')
      .take(first + 1);
    if (before) query.andWhere('v.id < :before', { before });
    const rows = await query.getMany();
    const versions = rows.slice(0, first);
    return {
      versions,
      nextCursor: rows.length > first ? encodeCursor(versions[versions.length - 1].id) : null,
    };
  }

  private async mayRead(
    manager: EntityManager,
    actor: DirectoryActor,
    latest: DirectoryVersionEntity,
  ): Promise<boolean> {
    const { user } = actor;
    if (isSecretariat(user.role)) return true;
    if (user.role === Role.STATE_COORDINATOR) {
      return latest.memberStateCode !== null && latest.memberStateCode === user.memberStateCode;
    }
    if (user.role === Role.FOCAL_POINT && latest.entityType === DirectoryEntityType.FOCAL_POINT) {
      return manager.exists(FocalPointEntity, { where: { id: latest.entityId, userId: user.id } });
    }
    return false;
  }

  private async nextVersion(manager: EntityManager, input: NewVersion): Promise<number> {
    const [row] = await manager.query<{ next: number }[]>(
      `SELECT coalesce(max(version), 0) + 1 AS next FROM directory_version
        WHERE entity_type = $1 AND entity_id = $2`,
      [input.entityType, input.entityId],
    );
    return Number(row.next);
  }
}

const encodeCursor = (id: string) => Buffer.from(`v:${id}`).toString('base64url');

function decodeCursor(cursor: string): string {
  const match = /^v:(\d{1,19})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) {
    throw new DomainError(ErrorCode.BadUserInput, 'Cursor is not valid', { field: 'after' });
  }
  return match[1];
}
