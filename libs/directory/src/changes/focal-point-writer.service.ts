import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { FocalPointEntity } from '../focal-points/focal-point.entity';
import {
  DirectoryEntityType,
  type DirectoryVersionEntity,
  type VersionChanges,
  type VersionValue,
} from '../history/directory-version.entity';
import { DirectoryVersions } from '../history/directory-versions.service';
import { creationFields, diffFields } from '../history/version-diff';

/** Who, why and on which proposal a change is applied: what every version records. */
export interface VersionContext {
  actor: { id: string; role: string };
  reason: string | null;
  changeId: string | null;
}

/** The columns of an entry that its history follows. */
export type EntryColumns = Pick<
  FocalPointEntity,
  | 'fullName'
  | 'title'
  | 'authorityId'
  | 'languages'
  | 'timeZone'
  | 'availability'
  | 'contactChannels'
  | 'status'
  | 'userId'
>;

const ENTRY_COLUMNS: readonly (keyof EntryColumns)[] = [
  'fullName',
  'title',
  'authorityId',
  'languages',
  'timeZone',
  'availability',
  'contactChannels',
  'status',
  'userId',
];

function snapshot(values: Partial<EntryColumns>): Record<string, VersionValue | undefined> {
  const fields: Record<string, VersionValue | undefined> = {};
  for (const column of ENTRY_COLUMNS) {
    if (column in values) fields[column] = values[column] as unknown as VersionValue;
  }
  return fields;
}

/**
 * Writes an entry and its history together: every change bumps
 * `focal_point.version` and records that version with what changed.
 */
@Injectable()
export class FocalPointWriter {
  constructor(private readonly versions: DirectoryVersions) {}

  /** Version 1 of a new entry: every field, and whatever else came with it (`extra`). */
  created(
    manager: EntityManager,
    focalPoint: FocalPointEntity,
    context: VersionContext,
    extra: VersionChanges = {},
  ): Promise<DirectoryVersionEntity> {
    return this.versions.record(manager, {
      entityType: DirectoryEntityType.FOCAL_POINT,
      entityId: focalPoint.id,
      memberStateCode: focalPoint.memberStateCode,
      version: focalPoint.version,
      changes: { ...creationFields(snapshot(focalPoint)), ...extra },
      actor: context.actor,
      reason: context.reason,
      changeId: context.changeId,
    });
  }

  /**
   * Sets `set` on the (locked) entry, bumps its version and records the
   * fields that really changed, plus `extra` (e.g. a membership). Null when
   * nothing would change: no write, no version.
   */
  async change(
    manager: EntityManager,
    focalPoint: FocalPointEntity,
    set: Partial<EntryColumns>,
    context: VersionContext,
    extra: VersionChanges = {},
  ): Promise<DirectoryVersionEntity | null> {
    const changes = { ...diffFields(snapshot(focalPoint), snapshot(set)), ...extra };
    if (Object.keys(changes).length === 0) return null;
    const version = focalPoint.version + 1;
    await manager.update(FocalPointEntity, { id: focalPoint.id }, {
      ...(set as Partial<FocalPointEntity>),
      version,
    } as never);
    Object.assign(focalPoint, set, { version });
    return this.versions.record(manager, {
      entityType: DirectoryEntityType.FOCAL_POINT,
      entityId: focalPoint.id,
      memberStateCode: focalPoint.memberStateCode,
      version,
      changes,
      actor: context.actor,
      reason: context.reason,
      changeId: context.changeId,
    });
  }

  /** Whether setting `set` would change anything. */
  wouldChange(focalPoint: FocalPointEntity, set: Partial<EntryColumns>): boolean {
    return Object.keys(diffFields(snapshot(focalPoint), snapshot(set))).length > 0;
  }
}
