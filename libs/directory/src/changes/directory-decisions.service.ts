import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditEventType, AuditService } from '@fpn/audit';
import { Clock, DomainError, ErrorCode } from '@fpn/core';
import { isSecretariat } from '@fpn/identity';
import { DataSource, type EntityManager } from 'typeorm';
import { proposedChange } from './change-payload';
import { ChangeApplier } from './change-applier.service';
import { actorEvent, type DirectoryActor } from './directory-actor';
import { DirectoryChangeEntity, DirectoryChangeStatus } from './directory-change.entity';
import { DirectoryNotices } from './directory-notices.service';
import { notFound, subjectOf } from './directory-proposals.service';
import { isUuid, optionalReason, validReason } from './directory-validation';

/**
 * The Secretariat's decisions on proposals. An approval applies the change,
 * its versions, its audit entry and its notifications in one transaction; if
 * the directory no longer allows the change (an account linked meanwhile, a
 * membership that now exists), the approval is CONFLICT and nothing of it
 * remains — the proposal stays pending, to be rejected or proposed anew.
 */
@Injectable()
export class DirectoryDecisions {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly applier: ChangeApplier,
    private readonly notices: DirectoryNotices,
  ) {}

  async approve(
    actor: DirectoryActor,
    id: string,
    note?: string | null,
  ): Promise<DirectoryChangeEntity> {
    assertSecretariat(actor);
    const decisionReason = optionalReason(note, 'note');
    let changeForFailure: DirectoryChangeEntity | undefined;
    try {
      const approved = await this.dataSource.transaction(async (manager) => {
        const change = await this.pending(manager, id);
        changeForFailure = change;
        const applied = await this.applier
          .apply(manager, change.memberStateCode, proposedChange(change), {
            actor: { id: actor.user.id, role: actor.user.role },
            reason: change.reason,
            changeId: change.id,
          })
          .catch(asConflict);
        Object.assign(change, {
          status: DirectoryChangeStatus.APPROVED,
          decidedBy: actor.user.id,
          decidedAt: this.clock.now(),
          decisionReason,
          appliedEntityId: applied.appliedEntityId,
        });
        await manager.save(change);
        await this.audit.record(
          manager,
          actorEvent(actor, AuditEventType.DIRECTORY_CHANGE_APPROVED, subjectOf(change), {
            kind: change.kind,
            appliedEntityId: applied.appliedEntityId,
            versions: applied.versions.map((version) => ({
              entityType: version.entityType,
              entityId: version.entityId,
              version: version.version,
              fields: Object.keys(version.changes),
            })),
          }),
        );
        await this.notices.decided(manager, change);
        await this.notices.entriesChanged(manager, applied.notices);
        return change;
      });
      await this.notices.dispatchSoon();
      return approved;
    } catch (error) {
      if (
        changeForFailure &&
        error instanceof DomainError &&
        error.code === ErrorCode.Conflict &&
        changeForFailure.status === DirectoryChangeStatus.PENDING
      ) {
        // Nothing was applied; the log still shows the attempt and why it failed.
        await this.audit.recordNow(
          actorEvent(
            actor,
            AuditEventType.DIRECTORY_CHANGE_APPROVAL_FAILED,
            subjectOf(changeForFailure),
            { kind: changeForFailure.kind, why: error.message },
          ),
        );
      }
      throw error;
    }
  }

  async reject(actor: DirectoryActor, id: string, reason: string): Promise<DirectoryChangeEntity> {
    assertSecretariat(actor);
    const decisionReason = validReason(reason);
    const rejected = await this.dataSource.transaction(async (manager) => {
      const change = await this.pending(manager, id);
      Object.assign(change, {
        status: DirectoryChangeStatus.REJECTED,
        decidedBy: actor.user.id,
        decidedAt: this.clock.now(),
        decisionReason,
      });
      await manager.save(change);
      await this.audit.record(
        manager,
        actorEvent(actor, AuditEventType.DIRECTORY_CHANGE_REJECTED, subjectOf(change), {
          kind: change.kind,
        }),
      );
      await this.notices.decided(manager, change);
      return change;
    });
    await this.notices.dispatchSoon();
    return rejected;
  }

  /** The proposal, locked; deciding one that is no longer pending is CONFLICT. */
  private async pending(manager: EntityManager, id: string): Promise<DirectoryChangeEntity> {
    const change = isUuid(id)
      ? await manager.findOne(DirectoryChangeEntity, {
          where: { id },
          lock: { mode: 'pessimistic_write' },
        })
      : null;
    if (!change) throw notFound(id);
    if (change.status !== DirectoryChangeStatus.PENDING) {
      throw new DomainError(ErrorCode.Conflict, `The proposal is already ${change.status}`);
    }
    return change;
  }
}

/** Two parties: a decision is the Secretariat's, whatever a caller of the service is. */
function assertSecretariat(actor: DirectoryActor): void {
  if (!isSecretariat(actor.user.role)) {
    throw new DomainError(ErrorCode.Forbidden, 'Only the Secretariat decides on proposals');
  }
}

/**
 * At approval every refusal means the directory changed since the proposal
 * was checked (an entry retired, a name taken, an account linked): CONFLICT,
 * with the original message and field.
 */
function asConflict(error: unknown): never {
  if (error instanceof DomainError && error.code !== ErrorCode.Conflict) {
    throw new DomainError(
      ErrorCode.Conflict,
      `The directory has changed since the proposal: ${error.message}`,
      error.details,
    );
  }
  throw error;
}
