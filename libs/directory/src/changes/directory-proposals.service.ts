import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditEventType, AuditService } from '@fpn/audit';
import { Clock, DomainError, ErrorCode } from '@fpn/core';
import { DataSource, type EntityManager } from 'typeorm';
import type { ProposedChange } from './change-payload';
import { ChangeApplier } from './change-applier.service';
import { actorEvent, type DirectoryActor, isCoordinator, scopeOf } from './directory-actor';
import {
  type DirectoryChangeEntity as Change,
  DirectoryChangeEntity,
  type DirectoryChangeKind,
  DirectoryChangeStatus,
} from './directory-change.entity';
import type { ProposeDirectoryChangeInput } from './directory-change.inputs';
import { DirectoryNotices } from './directory-notices.service';
import { badInput, isUuid, validReason, validStateCode } from './directory-validation';
import { proposedChangeOf } from './proposal-input';

export interface DirectoryChangeFilter {
  memberStateCode?: string | null;
  status?: DirectoryChangeStatus | null;
  kind?: DirectoryChangeKind | null;
}

export interface DirectoryChangePageResult {
  changes: DirectoryChangeEntity[];
  nextCursor: string | null;
}

export const CHANGES_PAGE_DEFAULT = 20;
const PAGE_MAX = 100;

/**
 * A coordinator's proposals for their own state: made with a reason, checked
 * against the directory as it is, withdrawn by their author while pending.
 * Another state is FORBIDDEN (and audited); another state's proposals are
 * NOT_FOUND to a coordinator, as if they did not exist.
 */
@Injectable()
export class DirectoryProposals {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly applier: ChangeApplier,
    private readonly notices: DirectoryNotices,
  ) {}

  async propose(actor: DirectoryActor, input: ProposeDirectoryChangeInput): Promise<Change> {
    const memberStateCode = validStateCode(input.memberStateCode);
    if (!isCoordinator(actor) || !scopeOf(actor).canActOnState(memberStateCode)) {
      await this.recordDenial(actor, 'proposeDirectoryChange', { requestedState: memberStateCode });
      throw new DomainError(
        ErrorCode.Forbidden,
        "You may propose changes to your own member state's directory only",
      );
    }
    const reason = validReason(input.reason);
    const change = proposedChangeOf(input);
    const proposal = await this.dataSource.transaction(async (manager) => {
      // Checked by applying it and rolling that back: the same code approval runs.
      await this.dryRun(manager, memberStateCode, change, actor);
      const row = manager.create(DirectoryChangeEntity, {
        memberStateCode,
        kind: change.kind,
        status: DirectoryChangeStatus.PENDING,
        payload: change.payload,
        reason,
        proposedBy: actor.user.id,
        proposedAt: this.clock.now(),
        decidedBy: null,
        decidedAt: null,
        decisionReason: null,
        appliedEntityId: null,
      });
      await manager.save(row);
      await this.audit.record(
        manager,
        actorEvent(actor, AuditEventType.DIRECTORY_CHANGE_PROPOSED, subjectOf(row), {
          kind: row.kind,
        }),
      );
      await this.notices.proposed(manager, row);
      return row;
    });
    await this.notices.dispatchSoon();
    return proposal;
  }

  /** The author takes back a pending proposal. */
  async withdraw(actor: DirectoryActor, id: string, note?: string | null): Promise<Change> {
    const why = note?.trim() ? validReason(note, 'reason') : null;
    return this.dataSource.transaction(async (manager) => {
      const change = await this.lockedInScope(manager, actor, id, 'withdrawDirectoryChange');
      if (change.proposedBy !== actor.user.id) {
        await this.recordDenial(actor, 'withdrawDirectoryChange', {
          change: change.id,
          why: 'not-the-author',
        });
        throw new DomainError(ErrorCode.Forbidden, 'Only its author can withdraw a proposal');
      }
      if (change.status !== DirectoryChangeStatus.PENDING) {
        throw new DomainError(ErrorCode.Conflict, `The proposal is already ${change.status}`);
      }
      Object.assign(change, {
        status: DirectoryChangeStatus.WITHDRAWN,
        decidedBy: actor.user.id,
        decidedAt: this.clock.now(),
        decisionReason: why,
      });
      await manager.save(change);
      await this.audit.record(
        manager,
        actorEvent(actor, AuditEventType.DIRECTORY_CHANGE_WITHDRAWN, subjectOf(change), {
          kind: change.kind,
        }),
      );
      return change;
    });
  }

  async get(actor: DirectoryActor, id: string): Promise<Change> {
    return this.inScope(this.dataSource.manager, actor, id, 'directoryChange');
  }

  /** Newest first: the Secretariat every state's (or one), a coordinator their own state's. */
  async list(
    actor: DirectoryActor,
    filter: DirectoryChangeFilter,
    first: number,
    after?: string | null,
  ): Promise<DirectoryChangePageResult> {
    if (!Number.isInteger(first) || first < 1 || first > PAGE_MAX) {
      throw badInput('first', `first must be between 1 and ${PAGE_MAX}`);
    }
    const scope = scopeOf(actor);
    const requested = filter.memberStateCode ? validStateCode(filter.memberStateCode) : undefined;
    if (requested && !scope.canActOnState(requested)) {
      await this.recordDenial(actor, 'directoryChanges', { requestedState: requested });
      throw new DomainError(
        ErrorCode.Forbidden,
        "You may list your own member state's proposals only",
      );
    }
    const query = this.dataSource.manager
      .createQueryBuilder(DirectoryChangeEntity, 'c')
      .orderBy('c.proposed_at', 'DESC')
      .addOrderBy('c.id', 'DESC')
      .take(first + 1);
    const state = requested ?? scope.memberStateCode;
    if (state) query.andWhere('c.member_state_code = :state', { state });
    if (filter.status) query.andWhere('c.status = :status', { status: filter.status });
    if (filter.kind) query.andWhere('c.kind = :kind', { kind: filter.kind });
    if (after) {
      const [at, id] = decodeCursor(after);
      query.andWhere('(c.proposed_at, c.id) < (:at, :id)', { at, id });
    }
    const rows = await query.getMany();
    const changes = rows.slice(0, first);
    return {
      changes,
      nextCursor: rows.length > first ? encodeCursor(changes[changes.length - 1]) : null,
    };
  }

  /** Applies the change inside a savepoint and rolls it back: only the errors remain. */
  private async dryRun(
    manager: EntityManager,
    memberStateCode: string,
    change: ProposedChange,
    actor: DirectoryActor,
  ): Promise<void> {
    await manager.query('SAVEPOINT directory_change_check');
    try {
      await this.applier.apply(manager, memberStateCode, change, {
        actor: { id: actor.user.id, role: actor.user.role },
        reason: null,
        changeId: null,
      });
    } finally {
      await manager.query('ROLLBACK TO SAVEPOINT directory_change_check');
    }
  }

  private async inScope(
    manager: EntityManager,
    actor: DirectoryActor,
    id: string,
    operation: string,
    lock = false,
  ): Promise<Change> {
    const change = isUuid(id)
      ? await manager.findOne(DirectoryChangeEntity, {
          where: { id },
          lock: lock ? { mode: 'pessimistic_write' } : undefined,
        })
      : null;
    if (!change) throw notFound(id);
    if (!scopeOf(actor).canActOnState(change.memberStateCode)) {
      await this.recordDenial(actor, operation, { change: change.id });
      throw notFound(id);
    }
    return change;
  }

  private lockedInScope(manager: EntityManager, actor: DirectoryActor, id: string, op: string) {
    return this.inScope(manager, actor, id, op, true);
  }

  /** Object scope refused: audited like the guard's refusals, outside any failed transaction. */
  private async recordDenial(
    actor: DirectoryActor,
    operation: string,
    details: Record<string, string>,
  ): Promise<void> {
    await this.audit.recordNow({
      type: AuditEventType.AUTHORIZATION_DENIED,
      actorId: actor.user.id,
      actorRole: actor.user.role,
      memberState: actor.user.memberStateCode,
      ip: actor.origin.ip ?? null,
      requestId: actor.origin.requestId ?? null,
      details: { operation, why: 'object-scope', ...details },
    });
  }
}

export const subjectOf = (change: Change) => ({
  type: 'directory_change',
  id: change.id,
  memberState: change.memberStateCode,
});

export const notFound = (id: string) =>
  new DomainError(ErrorCode.NotFound, 'No such directory change', {
    what: 'DirectoryChange',
    key: id,
  });

const encodeCursor = (change: Change) =>
  Buffer.from(JSON.stringify([change.proposedAt.toISOString(), change.id])).toString('base64url');

function decodeCursor(cursor: string): [string, string] {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === 'string' &&
      !Number.isNaN(Date.parse(value[0])) &&
      typeof value[1] === 'string' &&
      isUuid(value[1])
    ) {
      return value as [string, string];
    }
  } catch {
    // falls through
  }
  throw badInput('after', 'Cursor is not valid');
}
