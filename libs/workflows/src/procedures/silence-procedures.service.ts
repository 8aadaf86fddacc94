import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditEventType, AuditService } from '@fpn/audit';
import { Clock, DomainError, ErrorCode, NotFoundError } from '@fpn/core';
import { CallerScope, type Principal, type RequestOrigin } from '@fpn/identity';
import { NotificationKind, NotificationsService } from '@fpn/notifications';
import { DataSource, type EntityManager } from 'typeorm';
import { NoteIssuer, NoteKind } from '../notes';
import { SilenceProcedureEntity } from './entities/silence-procedure.entity';
import { SilenceProcedureStatus } from './procedure-kinds';
import {
  lockProcedure,
  noteDataOf,
  notifyProcedureStep,
  type ProcedureFacts,
} from './procedure-notices';
import {
  assertOpen,
  badInput,
  DOCUMENT_MAX_LENGTH,
  optionalText,
  ProcedureErrorReason,
  REASON_MAX_LENGTH,
  requiredText,
  TITLE_MAX_LENGTH,
  validExtension,
  validOpeningDeadline,
  validTimeZone,
} from './procedure-rules';

export interface OpenProcedureInput {
  titleEn: string;
  titleRu: string;
  documentText?: string | null;
  documentMessageId?: string | null;
  networkKey?: string | null;
  deadline: Date;
  deadlineTimeZone: string;
}

/**
 * The Secretariat's side of a silence procedure (DESIGN §1, docs/workflows.md):
 * opening, extending, withdrawing. Each step, in one transaction: the row,
 * its numbered note (part B's NoteIssuer), the notices to every coordinator
 * and the audit entry. Bad input is refused before anything is written.
 */
@Injectable()
export class SilenceProcedures {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    private readonly notes: NoteIssuer,
  ) {}

  async open(actor: Principal, input: OpenProcedureInput, origin: RequestOrigin): Promise<string> {
    this.assertSecretariat(actor);
    const now = this.clock.now();
    const titleEn = requiredText(input.titleEn, 'titleEn', TITLE_MAX_LENGTH);
    const titleRu = requiredText(input.titleRu, 'titleRu', TITLE_MAX_LENGTH);
    const documentText = optionalText(input.documentText, 'documentText', DOCUMENT_MAX_LENGTH);
    const deadlineTimeZone = validTimeZone(input.deadlineTimeZone);
    const deadline = validOpeningDeadline(input.deadline, now);
    const id = await this.dataSource.transaction(async (manager) => {
      const networkId = await this.networkIdOf(manager, input.networkKey);
      const documentMessageId = await this.circulatedDocument(
        manager,
        actor,
        input.documentMessageId,
      );
      const { identifiers } = await manager.insert(SilenceProcedureEntity, {
        titleEn,
        titleRu,
        documentText,
        documentMessageId,
        networkId,
        deadline,
        deadlineTimeZone,
        status: SilenceProcedureStatus.OPEN,
        openedBy: actor.user.id,
        openedAt: now,
        closedAt: null,
        withdrawnReason: null,
        version: 1,
      });
      const procedureId = (identifiers[0] as { id: string }).id;
      const facts = (await lockProcedure(manager, procedureId, 'UPDATE'))!;
      const note = await this.notes.issue(manager, {
        kind: NoteKind.SILENCE_CIRCULATION,
        procedure: noteDataOf(facts),
        issuedBy: actor.user.id,
      });
      const notified = await notifyProcedureStep(
        this.notifications,
        manager,
        NotificationKind.SILENCE_PROCEDURE_OPENED,
        facts,
        { noteReference: note.reference },
      );
      await this.record(manager, AuditEventType.SILENCE_PROCEDURE_OPENED, actor, facts, origin, {
        titleEn,
        deadline: deadline.toISOString(),
        deadlineTimeZone,
        networkKey: facts.networkKey,
        documentLength: documentText?.length ?? 0,
        documentMessageId,
        note: note.reference,
        notified,
      });
      return procedureId;
    });
    await this.notifications.dispatchSoon();
    return id;
  }

  /**
   * The draft as an encrypted message: one the opener sent to the coordinators
   * (a `coordinators` thread), so every coordinator can read it and nobody
   * else; anything else is BAD_USER_INPUT (DOCUMENT_NOT_CIRCULATED).
   */
  private async circulatedDocument(
    manager: EntityManager,
    actor: Principal,
    messageId: string | null | undefined,
  ): Promise<string | null> {
    if (messageId === undefined || messageId === null || messageId.trim() === '') return null;
    const [row] = await manager.query<{ id: string }[]>(
      `SELECT m.id FROM message m JOIN message_thread t ON t.id = m.thread_id
        WHERE m.id = $1 AND m.sender_user_id = $2 AND t.kind = 'coordinators'`,
      [messageId.trim(), actor.user.id],
    );
    if (!row) {
      throw badInput(
        'documentMessageId',
        ProcedureErrorReason.DOCUMENT_NOT_CIRCULATED,
        'The document must be a message you sent to the coordinators (to: { coordinators: true })',
      );
    }
    return row.id;
  }

  /** A later deadline, before the current one has passed; every coordinator is told. */
  async extend(
    actor: Principal,
    procedureId: string,
    deadline: Date,
    origin: RequestOrigin,
  ): Promise<void> {
    this.assertSecretariat(actor);
    await this.dataSource.transaction(async (manager) => {
      const now = this.clock.now();
      const current = await this.locked(manager, procedureId);
      assertOpen(current, now);
      validExtension(deadline, current.deadline, now);
      await manager.query(
        `UPDATE silence_procedure SET deadline = $2, version = version + 1 WHERE id = $1`,
        [procedureId, deadline],
      );
      const facts: ProcedureFacts = { ...current, deadline, version: current.version + 1 };
      const previousDeadline = current.deadline.toISOString();
      const note = await this.notes.issue(manager, {
        kind: NoteKind.SILENCE_EXTENSION,
        procedure: noteDataOf(facts, { previousDeadline }),
        issuedBy: actor.user.id,
      });
      const notified = await notifyProcedureStep(
        this.notifications,
        manager,
        NotificationKind.SILENCE_PROCEDURE_EXTENDED,
        facts,
        { noteReference: note.reference, extra: { previousDeadline } },
      );
      await this.record(manager, AuditEventType.SILENCE_PROCEDURE_EXTENDED, actor, facts, origin, {
        previousDeadline,
        deadline: deadline.toISOString(),
        note: note.reference,
        notified,
      });
    });
    await this.notifications.dispatchSoon();
  }

  /** Ends an open procedure without an outcome; no statement is taken any more. */
  async withdraw(
    actor: Principal,
    procedureId: string,
    reason: string,
    origin: RequestOrigin,
  ): Promise<void> {
    this.assertSecretariat(actor);
    if ((reason ?? '').trim().length === 0) {
      throw badInput('reason', ProcedureErrorReason.REASON_REQUIRED, 'Say why it is withdrawn');
    }
    const why = requiredText(reason, 'reason', REASON_MAX_LENGTH);
    await this.dataSource.transaction(async (manager) => {
      const now = this.clock.now();
      const current = await this.locked(manager, procedureId);
      assertOpen(current, now);
      await manager.query(
        `UPDATE silence_procedure
            SET status = 'withdrawn', closed_at = $2, withdrawn_reason = $3, version = version + 1
          WHERE id = $1`,
        [procedureId, now, why],
      );
      const facts: ProcedureFacts = {
        ...current,
        status: SilenceProcedureStatus.WITHDRAWN,
        version: current.version + 1,
      };
      const note = await this.notes.issue(manager, {
        kind: NoteKind.SILENCE_WITHDRAWAL,
        procedure: noteDataOf(facts),
        issuedBy: actor.user.id,
      });
      const notified = await notifyProcedureStep(
        this.notifications,
        manager,
        NotificationKind.SILENCE_PROCEDURE_WITHDRAWN,
        facts,
        { noteReference: note.reference },
      );
      await this.record(manager, AuditEventType.SILENCE_PROCEDURE_WITHDRAWN, actor, facts, origin, {
        deadline: facts.deadline.toISOString(),
        reasonLength: why.length,
        note: note.reference,
        notified,
      });
    });
    await this.notifications.dispatchSoon();
  }

  private assertSecretariat(actor: Principal): void {
    if (!CallerScope.ofUser(actor.user).isSecretariat) {
      throw new DomainError(ErrorCode.Forbidden, 'The Secretariat runs silence procedures');
    }
  }

  private async locked(manager: EntityManager, procedureId: string): Promise<ProcedureFacts> {
    const facts = await lockProcedure(manager, procedureId, 'UPDATE');
    if (!facts) throw new NotFoundError('Silence procedure', procedureId);
    return facts;
  }

  private async networkIdOf(
    manager: EntityManager,
    networkKey: string | null | undefined,
  ): Promise<string | null> {
    if (networkKey === null || networkKey === undefined || networkKey === '') return null;
    const [network] = await manager.query<{ id: string }[]>(
      'SELECT id FROM network WHERE key = $1',
      [networkKey],
    );
    if (!network) {
      throw badInput(
        'networkKey',
        ProcedureErrorReason.UNKNOWN_NETWORK,
        `No network has the key ${networkKey}`,
      );
    }
    return network.id;
  }

  private record(
    manager: EntityManager,
    type: AuditEventType,
    actor: Principal,
    facts: ProcedureFacts,
    origin: RequestOrigin,
    details: Record<string, string | number | null>,
  ) {
    return this.audit.record(manager, {
      type,
      actorId: actor.user.id,
      actorRole: actor.user.role,
      subjectType: 'silence_procedure',
      subjectId: facts.id,
      ip: origin.ip ?? null,
      requestId: origin.requestId ?? null,
      details,
    });
  }
}
