import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditEventType, AuditService } from '@fpn/audit';
import { DomainError, ErrorCode } from '@fpn/core';
import { isSecretariat } from '@fpn/identity';
import { DataSource, type EntityManager } from 'typeorm';
import { FocalPointEntity, FocalPointStatus } from '../focal-points/focal-point.entity';
import { type AppliedChange, DirectoryEntryChange, type EntryNotice } from './applied-change';
import { ChangeApplier } from './change-applier.service';
import { actorEvent, type DirectoryActor } from './directory-actor';
import { assertNotRetired } from './directory-checks';
import type { FocalPointCorrectionInput } from './directory-change.inputs';
import { DirectoryNotices } from './directory-notices.service';
import { badInput, isUuid, validReason } from './directory-validation';
import { FocalPointWriter, type VersionContext } from './focal-point-writer.service';
import { entryFieldChanges } from './proposal-input';

/**
 * What the Secretariat may correct directly: how to reach the person. The
 * person's name and authority, their networks and their account change only
 * through a coordinator's proposal that the Secretariat approves — no single
 * party can add a reader to a network.
 */
const CORRECTABLE: ReadonlySet<string> = new Set([
  'title',
  'languages',
  'timeZone',
  'availability',
  'contactChannels',
]);

/**
 * The Secretariat's direct edits of entries, without a proposal: correcting
 * contact details, suspending, retiring and reactivating. Each writes a
 * version and an audit entry in its transaction and tells the entry's person
 * and the state's coordinators.
 */
@Injectable()
export class DirectoryEdits {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly writer: FocalPointWriter,
    private readonly applier: ChangeApplier,
    private readonly notices: DirectoryNotices,
  ) {}

  async correct(
    actor: DirectoryActor,
    id: string,
    input: FocalPointCorrectionInput,
    reason: string,
  ): Promise<FocalPointEntity> {
    await this.assertSecretariat(actor, 'correctFocalPoint');
    const refused = Object.entries(input)
      .filter(([field, value]) => value != null && !CORRECTABLE.has(field))
      .map(([field]) => field);
    if (refused.length) {
      await this.recordRefusal(actor, 'correctFocalPoint', 'two-party-rule', { fields: refused });
      throw new DomainError(
        ErrorCode.Forbidden,
        "The Secretariat corrects contact details only; a person's name, authority, networks and account change through a coordinator's proposal",
        { field: `input.${refused[0]}` },
      );
    }
    const why = validReason(reason);
    const set = entryFieldChanges(input, 'input');
    if (Object.keys(set).length === 0) {
      throw badInput('input', 'Name at least one field to correct');
    }
    return this.edit(
      actor,
      { id, type: AuditEventType.DIRECTORY_ENTRY_EDITED, reason: why },
      async (manager, entry, context) => {
        assertNotRetired(entry);
        const version = await this.writer.change(manager, entry, set, context);
        if (!version) throw badInput('input', 'The entry already has these values');
        return { version, entryChange: DirectoryEntryChange.CORRECTED };
      },
    );
  }

  async suspend(actor: DirectoryActor, id: string, reason: string): Promise<FocalPointEntity> {
    await this.assertSecretariat(actor, 'suspendFocalPoint');
    const why = validReason(reason);
    return this.edit(
      actor,
      { id, type: AuditEventType.DIRECTORY_ENTRY_SUSPENDED, reason: why },
      async (manager, entry, context) => {
        if (entry.status !== FocalPointStatus.ACTIVE) {
          throw new DomainError(ErrorCode.Conflict, `The entry is ${entry.status}, not active`);
        }
        const version = await this.writer.change(
          manager,
          entry,
          { status: FocalPointStatus.SUSPENDED },
          context,
        );
        return { version, entryChange: DirectoryEntryChange.SUSPENDED };
      },
    );
  }

  /** Final: a person who returns is proposed anew. The account is unlinked. */
  async retire(actor: DirectoryActor, id: string, reason: string): Promise<FocalPointEntity> {
    await this.assertSecretariat(actor, 'retireFocalPoint');
    const why = validReason(reason);
    return this.edit(
      actor,
      { id, type: AuditEventType.DIRECTORY_ENTRY_RETIRED, reason: why },
      async (manager, entry, context) => {
        const applied: AppliedChange = await this.applier.retire(manager, entry, context);
        return {
          version: applied.versions[0] ?? null,
          entryChange: DirectoryEntryChange.RETIRED,
          notices: applied.notices,
        };
      },
    );
  }

  /** Lifts a suspension. A retired entry stays retired. */
  async reactivate(actor: DirectoryActor, id: string, reason: string): Promise<FocalPointEntity> {
    await this.assertSecretariat(actor, 'reactivateFocalPoint');
    const why = validReason(reason);
    return this.edit(
      actor,
      { id, type: AuditEventType.DIRECTORY_ENTRY_REACTIVATED, reason: why },
      async (manager, entry, context) => {
        if (entry.status !== FocalPointStatus.SUSPENDED) {
          throw new DomainError(
            ErrorCode.Conflict,
            entry.status === FocalPointStatus.RETIRED
              ? 'A retired entry stays retired; a coordinator proposes a new entry'
              : 'The entry is not suspended',
          );
        }
        const version = await this.writer.change(
          manager,
          entry,
          { status: FocalPointStatus.ACTIVE },
          context,
        );
        return { version, entryChange: DirectoryEntryChange.REACTIVATED };
      },
    );
  }

  /** One direct edit: lock the entry, change it, audit and notify, in one transaction. */
  private async edit(
    actor: DirectoryActor,
    { id, type, reason }: { id: string; type: AuditEventType; reason: string },
    change: (
      manager: EntityManager,
      entry: FocalPointEntity,
      context: VersionContext,
    ) => Promise<{
      version: { version: number; changes: object } | null;
      entryChange: DirectoryEntryChange;
      notices?: EntryNotice[];
    }>,
  ): Promise<FocalPointEntity> {
    const entry = await this.dataSource.transaction(async (manager) => {
      const found = isUuid(id)
        ? await manager.findOne(FocalPointEntity, {
            where: { id },
            lock: { mode: 'pessimistic_write' },
          })
        : null;
      if (!found) {
        throw new DomainError(ErrorCode.NotFound, 'No such focal point', {
          what: 'FocalPoint',
          key: id,
        });
      }
      const person = found.userId;
      const context = {
        actor: { id: actor.user.id, role: actor.user.role },
        reason,
        changeId: null,
      };
      const result = await change(manager, found, context);
      await this.audit.record(
        manager,
        actorEvent(
          actor,
          type,
          { type: 'focal_point', id: found.id, memberState: found.memberStateCode },
          {
            version: result.version?.version ?? found.version,
            fields: Object.keys(result.version?.changes ?? {}),
          },
        ),
      );
      const what = {
        focalPointId: found.id,
        memberStateCode: found.memberStateCode,
        entryChange: result.entryChange,
      };
      await this.notices.entriesChanged(
        manager,
        result.notices ?? (person ? [{ ...what, userId: person }] : []),
      );
      await this.notices.coordinatorsOfDirectEdit(manager, what, person);
      return found;
    });
    await this.notices.dispatchSoon();
    return entry;
  }

  /** Only the Secretariat edits directly, whoever calls the service. */
  private async assertSecretariat(actor: DirectoryActor, operation: string): Promise<void> {
    if (isSecretariat(actor.user.role)) return;
    await this.recordRefusal(actor, operation, 'role', {});
    throw new DomainError(ErrorCode.Forbidden, 'Only the Secretariat edits entries directly');
  }

  private async recordRefusal(
    actor: DirectoryActor,
    operation: string,
    why: string,
    details: Record<string, string[]>,
  ): Promise<void> {
    await this.audit.recordNow({
      type: AuditEventType.AUTHORIZATION_DENIED,
      actorId: actor.user.id,
      actorRole: actor.user.role,
      memberState: actor.user.memberStateCode,
      ip: actor.origin.ip ?? null,
      requestId: actor.origin.requestId ?? null,
      details: { operation, why, ...details },
    });
  }
}
