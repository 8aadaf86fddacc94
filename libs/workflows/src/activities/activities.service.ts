import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type AuditDetails, AuditEventType, AuditService } from '@fpn/audit';
import { Clock, DomainError, ErrorCode } from '@fpn/core';
import { isUuid, MemberStateEntity, NetworkEntity, validLine } from '@fpn/directory';
import type { Principal, RequestOrigin } from '@fpn/identity';
import { DataSource, type EntityManager } from 'typeorm';
import { ActivityNotices } from './activity-notices';
import { ActivityReader, type ActivityView } from './activity-reader.service';
import {
  type ActivityDetails,
  type ActivityDetailsInput,
  assertPlanned,
  assertStatusChange,
  TITLE_MAX,
  validActivityDetails,
  validDocumentUrl,
} from './activity-rules';
import { ActivityDocumentEntity } from './entities/activity-document.entity';
import { ActivityEntity, ActivityStatus } from './entities/activity.entity';

export interface DocumentInput {
  title: string;
  url?: string | null;
  noteId?: string | null;
}

const notFound = () => new DomainError(ErrorCode.NotFound, 'No such activity');

/**
 * The Secretariat's side of Action Plan activities: enter, edit, record as
 * held or cancel, attach documents. Each change is one transaction with its
 * audit event; bad input is refused before anything is written.
 */
@Injectable()
export class ActivitiesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly reader: ActivityReader,
    private readonly notices: ActivityNotices,
  ) {}

  async create(
    actor: Principal,
    input: ActivityDetailsInput,
    origin: RequestOrigin,
  ): Promise<ActivityView> {
    const details = validActivityDetails(input);
    const created = await this.dataSource.transaction(async (manager) => {
      const network = await this.resolveReferences(manager, details);
      const now = this.clock.now();
      const { identifiers } = await manager.insert(ActivityEntity, {
        ...this.columns(details, network),
        status: ActivityStatus.PLANNED,
        version: 1,
        createdBy: actor.user.id,
        createdAt: now,
        updatedAt: now,
      });
      const id = (identifiers[0] as { id: string }).id;
      const view = await this.reader.get(actor, id, manager);
      const notified = await this.notices.planned(manager, view);
      await this.record(manager, actor, origin, AuditEventType.ACTIVITY_CREATED, id, {
        ...this.auditDetails(details),
        notified,
      });
      return view;
    });
    await this.notices.dispatchSoon();
    return created;
  }

  /** Replaces the details of a planned activity, if it is still at `version`. */
  async update(
    actor: Principal,
    id: string,
    version: number,
    input: ActivityDetailsInput,
    origin: RequestOrigin,
  ): Promise<ActivityView> {
    const details = validActivityDetails(input);
    return this.dataSource.transaction(async (manager) => {
      const activity = await this.lock(manager, id);
      if (activity.version !== version) {
        throw new DomainError(ErrorCode.Conflict, 'The activity was changed meanwhile', {
          reason: 'STALE_VERSION',
          version: activity.version,
        });
      }
      assertPlanned(activity.status);
      const network = await this.resolveReferences(manager, details);
      await manager.update(
        ActivityEntity,
        { id },
        {
          ...this.columns(details, network),
          version: activity.version + 1,
          updatedAt: this.clock.now(),
        },
      );
      await this.record(manager, actor, origin, AuditEventType.ACTIVITY_UPDATED, id, {
        version: activity.version + 1,
        ...this.auditDetails(details),
      });
      return this.reader.get(actor, id, manager);
    });
  }

  async setStatus(
    actor: Principal,
    id: string,
    status: ActivityStatus,
    origin: RequestOrigin,
  ): Promise<ActivityView> {
    const changed = await this.dataSource.transaction(async (manager) => {
      const activity = await this.lock(manager, id);
      const now = this.clock.now();
      assertStatusChange(activity, status, now);
      await manager.update(
        ActivityEntity,
        { id },
        { status, version: activity.version + 1, updatedAt: now },
      );
      const view = await this.reader.get(actor, id, manager);
      const notified =
        status === ActivityStatus.CANCELLED ? await this.notices.cancelled(manager, view) : 0;
      await this.record(manager, actor, origin, AuditEventType.ACTIVITY_STATUS_CHANGED, id, {
        from: activity.status,
        to: status,
        notified,
      });
      return view;
    });
    if (status === ActivityStatus.CANCELLED) await this.notices.dispatchSoon();
    return changed;
  }

  /** A link or a numbered note, in any status (a report is added once the activity is held). */
  async addDocument(
    actor: Principal,
    activityId: string,
    input: DocumentInput,
    origin: RequestOrigin,
  ): Promise<ActivityView> {
    const title = validLine(input.title, 'title', { max: TITLE_MAX });
    const url = input.url?.trim() ? validDocumentUrl(input.url) : null;
    const noteId = input.noteId?.trim() ? input.noteId.trim().toLowerCase() : null;
    if ((url === null) === (noteId === null)) {
      throw new DomainError(ErrorCode.BadUserInput, 'Give either a url or a noteId', {
        field: url === null ? 'url' : 'noteId',
      });
    }
    if (noteId && !isUuid(noteId)) {
      throw new DomainError(ErrorCode.BadUserInput, 'noteId is not a valid id', {
        field: 'noteId',
      });
    }
    return this.dataSource.transaction(async (manager) => {
      await this.lock(manager, activityId);
      if (noteId) {
        const [note] = await manager.query<unknown[]>('SELECT 1 FROM note WHERE id = $1', [noteId]);
        if (!note) {
          throw new DomainError(ErrorCode.BadUserInput, 'No such note', { field: 'noteId' });
        }
      }
      const now = this.clock.now();
      const { identifiers } = await manager.insert(ActivityDocumentEntity, {
        activityId,
        title,
        url,
        noteId,
        addedBy: actor.user.id,
        addedAt: now,
      });
      await manager.update(ActivityEntity, { id: activityId }, { updatedAt: now });
      await this.record(
        manager,
        actor,
        origin,
        AuditEventType.ACTIVITY_DOCUMENT_ADDED,
        activityId,
        {
          documentId: (identifiers[0] as { id: string }).id,
          title,
          url,
          noteId,
        },
      );
      return this.reader.get(actor, activityId, manager);
    });
  }

  async removeDocument(
    actor: Principal,
    documentId: string,
    origin: RequestOrigin,
  ): Promise<ActivityView> {
    const missing = () => new DomainError(ErrorCode.NotFound, 'No such activity document');
    if (!isUuid(documentId)) throw missing();
    return this.dataSource.transaction(async (manager) => {
      const document = await manager.findOneBy(ActivityDocumentEntity, { id: documentId });
      if (!document) throw missing();
      await this.lock(manager, document.activityId);
      await manager.delete(ActivityDocumentEntity, { id: documentId });
      await manager.update(
        ActivityEntity,
        { id: document.activityId },
        { updatedAt: this.clock.now() },
      );
      await this.record(
        manager,
        actor,
        origin,
        AuditEventType.ACTIVITY_DOCUMENT_REMOVED,
        document.activityId,
        { documentId, title: document.title, url: document.url, noteId: document.noteId },
      );
      return this.reader.get(actor, document.activityId, manager);
    });
  }

  /** The activity, locked against concurrent changes until the transaction ends. */
  async lock(manager: EntityManager, id: string): Promise<ActivityEntity> {
    if (!isUuid(id)) throw notFound();
    const activity = await manager.findOne(ActivityEntity, {
      where: { id },
      lock: { mode: 'pessimistic_write' },
    });
    if (!activity) throw notFound();
    return activity;
  }

  async record(
    manager: EntityManager,
    actor: Principal,
    origin: RequestOrigin,
    type: AuditEventType,
    activityId: string,
    details: AuditDetails,
    memberState?: string,
  ): Promise<void> {
    await this.audit.record(manager, {
      type,
      actorId: actor.user.id,
      actorRole: actor.user.role,
      subjectType: 'activity',
      subjectId: activityId,
      memberState: memberState ?? null,
      ip: origin.ip ?? null,
      requestId: origin.requestId ?? null,
      details,
    });
  }

  /** The network by key and the host state, both existing. */
  private async resolveReferences(
    manager: EntityManager,
    details: ActivityDetails,
  ): Promise<NetworkEntity> {
    const network = await manager.findOneBy(NetworkEntity, { key: details.networkKey });
    if (!network) {
      throw new DomainError(
        ErrorCode.BadUserInput,
        `No network has the key ${details.networkKey}`,
        {
          field: 'networkKey',
        },
      );
    }
    if (
      details.hostStateCode &&
      !(await manager.existsBy(MemberStateEntity, { code: details.hostStateCode }))
    ) {
      throw new DomainError(ErrorCode.BadUserInput, `No member state ${details.hostStateCode}`, {
        field: 'hostStateCode',
      });
    }
    return network;
  }

  private columns(details: ActivityDetails, network: NetworkEntity) {
    return {
      networkId: network.id,
      kind: details.kind,
      titleEn: details.titleEn,
      titleRu: details.titleRu,
      startsAt: details.startsAt,
      endsAt: details.endsAt,
      timeZone: details.timeZone,
      venue: details.venue,
      online: details.online,
      hostStateCode: details.hostStateCode,
    };
  }

  private auditDetails(details: ActivityDetails): AuditDetails {
    return {
      networkKey: details.networkKey,
      kind: details.kind,
      titleEn: details.titleEn,
      startsAt: details.startsAt.toISOString(),
      endsAt: details.endsAt.toISOString(),
      timeZone: details.timeZone,
      venue: details.venue,
      online: details.online,
      hostStateCode: details.hostStateCode,
    };
  }
}
