import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditEventType, AuditService } from '@fpn/audit';
import { DomainError, ErrorCode } from '@fpn/core';
import { Role } from '@fpn/identity';
import { DataSource, type EntityManager } from 'typeorm';
import { MemberStateEntity } from '../member-states/member-state.entity';
import { RequestNotesEntity } from '../member-states/request-notes.entity';
import { DirectoryEntityType, type VersionChanges } from '../history/directory-version.entity';
import { DirectoryVersions } from '../history/directory-versions.service';
import { diffFields } from '../history/version-diff';
import { actorEvent, type DirectoryActor, scopeOf } from './directory-actor';
import { networkByKey } from './directory-checks';
import {
  badInput,
  LIMITS,
  optionalReason,
  validLanguages,
  validNetworkKey,
  validStateCode,
} from './directory-validation';

/** Notes are free text with line breaks, but no other control characters. */
function validNotes(value: string, field: string): string {
  const text = (value ?? '').trim();
  if ([...text].length > LIMITS.requestNotes) {
    throw badInput(field, `${field} must be at most ${LIMITS.requestNotes} characters`);
  }
  if (/\p{Cc}/u.test(text.replace(/[\n\r\t]/g, ''))) {
    throw badInput(field, `${field} contains control characters`);
  }
  return text;
}

/**
 * What a state tells requesters: the languages it accepts requests in and,
 * per network, its legal and procedural notes. Written by the state's
 * coordinator or the Secretariat (another state is FORBIDDEN and audited);
 * versioned under the member state's code and audited.
 */
@Injectable()
export class RequestInformation {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly versions: DirectoryVersions,
  ) {}

  async setLanguages(
    actor: DirectoryActor,
    memberStateCode: string,
    languages: string[],
    reason?: string | null,
  ): Promise<MemberStateEntity> {
    const code = await this.inScope(actor, memberStateCode, 'setRequestLanguages');
    const requestLanguages = validLanguages(languages, 'languages');
    const why = optionalReason(reason);
    return this.dataSource.transaction(async (manager) => {
      const state = await this.lockedState(manager, code);
      const changes = diffFields(
        { requestLanguages: state.requestLanguages },
        { requestLanguages },
      );
      if (Object.keys(changes).length === 0) return state;
      await manager.update(MemberStateEntity, { code }, { requestLanguages });
      state.requestLanguages = requestLanguages;
      await this.record(manager, actor, code, changes, why);
      return state;
    });
  }

  /** Both languages are required; both empty removes the network's notes. */
  async setNotes(
    actor: DirectoryActor,
    memberStateCode: string,
    networkKey: string,
    notesEn: string,
    notesRu: string,
    reason?: string | null,
  ): Promise<MemberStateEntity> {
    const code = await this.inScope(actor, memberStateCode, 'setRequestNotes');
    const key = validNetworkKey(networkKey);
    const notes = { en: validNotes(notesEn, 'notesEn'), ru: validNotes(notesRu, 'notesRu') };
    if (Boolean(notes.en) !== Boolean(notes.ru)) {
      throw badInput(notes.en ? 'notesRu' : 'notesEn', 'Give the notes in both languages');
    }
    const why = optionalReason(reason);
    return this.dataSource.transaction(async (manager) => {
      const state = await this.lockedState(manager, code);
      const network = await networkByKey(manager, key, 'networkKey');
      const existing = await manager.findOneBy(RequestNotesEntity, {
        memberStateCode: code,
        networkId: network.id,
      });
      const before = existing ? { en: existing.notesEn, ru: existing.notesRu } : null;
      const after = notes.en ? notes : null;
      const changes = diffFields(
        { [`requestNotes.${key}`]: before },
        { [`requestNotes.${key}`]: after },
      );
      if (Object.keys(changes).length === 0) return state;
      if (after) {
        await manager.upsert(
          RequestNotesEntity,
          { memberStateCode: code, networkId: network.id, notesEn: after.en, notesRu: after.ru },
          ['memberStateCode', 'networkId'],
        );
      } else {
        await manager.delete(RequestNotesEntity, { memberStateCode: code, networkId: network.id });
      }
      await this.record(manager, actor, code, changes, why);
      return state;
    });
  }

  private async inScope(
    actor: DirectoryActor,
    memberStateCode: string,
    operation: string,
  ): Promise<string> {
    const code = validStateCode(memberStateCode);
    if (actor.user.role === Role.FOCAL_POINT || !scopeOf(actor).canActOnState(code)) {
      await this.audit.recordNow({
        type: AuditEventType.AUTHORIZATION_DENIED,
        actorId: actor.user.id,
        actorRole: actor.user.role,
        memberState: actor.user.memberStateCode,
        ip: actor.origin.ip ?? null,
        requestId: actor.origin.requestId ?? null,
        details: { operation, why: 'object-scope', requestedState: code },
      });
      throw new DomainError(
        ErrorCode.Forbidden,
        "You may change your own member state's request information only",
      );
    }
    return code;
  }

  /** The state's row, locked: its versions are numbered one after another. */
  private async lockedState(manager: EntityManager, code: string): Promise<MemberStateEntity> {
    const state = await manager.findOne(MemberStateEntity, {
      where: { code },
      lock: { mode: 'pessimistic_write' },
    });
    if (!state) throw new DomainError(ErrorCode.NotFound, `Member state "${code}" does not exist`);
    return state;
  }

  private async record(
    manager: EntityManager,
    actor: DirectoryActor,
    code: string,
    changes: VersionChanges,
    reason: string | null,
  ): Promise<void> {
    const version = await this.versions.record(manager, {
      entityType: DirectoryEntityType.MEMBER_STATE,
      entityId: code,
      memberStateCode: code,
      changes,
      actor: { id: actor.user.id, role: actor.user.role },
      reason,
    });
    await this.audit.record(
      manager,
      actorEvent(
        actor,
        AuditEventType.REQUEST_INFORMATION_CHANGED,
        { type: 'member_state', id: code, memberState: code },
        { version: version.version, fields: Object.keys(changes) },
      ),
    );
  }
}
