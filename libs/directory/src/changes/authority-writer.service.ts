import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '@fpn/core';
import type { EntityManager } from 'typeorm';
import { AuthorityEntity } from '../authorities/authority.entity';
import {
  DirectoryEntityType,
  type DirectoryVersionEntity,
} from '../history/directory-version.entity';
import { DirectoryVersions } from '../history/directory-versions.service';
import { creationFields, diffFields } from '../history/version-diff';
import type { AppliedChange } from './applied-change';
import type { NewAuthorityPayload, RenameAuthorityPayload } from './change-payload';
import { assertAuthorityNameFree, authorityOfState, refusingDuplicates } from './directory-checks';
import type { VersionContext } from './focal-point-writer.service';

/**
 * Adds and renames a state's authorities with their history. A name is
 * unique within the state (CONFLICT on the field that names it).
 */
@Injectable()
export class AuthorityWriter {
  constructor(private readonly versions: DirectoryVersions) {}

  async add(
    manager: EntityManager,
    memberStateCode: string,
    payload: NewAuthorityPayload,
    context: VersionContext,
    at: string,
  ): Promise<{ entity: AuthorityEntity; version: DirectoryVersionEntity }> {
    await assertAuthorityNameFree(manager, memberStateCode, payload.nameEn, `${at}.nameEn`);
    const authority = manager.create(AuthorityEntity, {
      memberStateCode,
      nameEn: payload.nameEn,
      nameRu: payload.nameRu,
      kind: payload.authorityKind,
    });
    await refusingDuplicates(
      () => manager.save(authority),
      `${memberStateCode} already has an authority named "${payload.nameEn}"`,
    );
    const version = await this.versions.record(manager, {
      entityType: DirectoryEntityType.AUTHORITY,
      entityId: authority.id,
      memberStateCode,
      version: 1,
      changes: creationFields({
        nameEn: authority.nameEn,
        nameRu: authority.nameRu,
        kind: authority.kind,
      }),
      actor: context.actor,
      reason: context.reason,
      changeId: context.changeId,
    });
    return { entity: authority, version };
  }

  async rename(
    manager: EntityManager,
    memberStateCode: string,
    payload: RenameAuthorityPayload,
    context: VersionContext,
    at: string,
  ): Promise<AppliedChange> {
    const authority = await authorityOfState(
      manager,
      payload.authorityId,
      memberStateCode,
      `${at}.authorityId`,
      { target: true },
    );
    const changes = diffFields(
      { nameEn: authority.nameEn, nameRu: authority.nameRu },
      { nameEn: payload.nameEn, nameRu: payload.nameRu },
    );
    if (Object.keys(changes).length === 0) {
      throw new DomainError(ErrorCode.Conflict, 'The authority already has this name', {
        field: at,
      });
    }
    await assertAuthorityNameFree(
      manager,
      memberStateCode,
      payload.nameEn,
      `${at}.nameEn`,
      authority.id,
    );
    await refusingDuplicates(
      () =>
        manager.update(
          AuthorityEntity,
          { id: authority.id },
          { nameEn: payload.nameEn, nameRu: payload.nameRu },
        ),
      `${memberStateCode} already has an authority named "${payload.nameEn}"`,
    );
    const version = await this.versions.record(manager, {
      entityType: DirectoryEntityType.AUTHORITY,
      entityId: authority.id,
      memberStateCode,
      changes,
      actor: context.actor,
      reason: context.reason,
      changeId: context.changeId,
    });
    return { appliedEntityId: authority.id, versions: [version], notices: [] };
  }
}
