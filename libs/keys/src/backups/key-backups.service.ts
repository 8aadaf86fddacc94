import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditEventType, AuditService } from '@fpn/audit';
import { Clock, DomainError, ErrorCode } from '@fpn/core';
import { type Principal, type RequestOrigin } from '@fpn/identity';
import { DataSource, type EntityManager, IsNull } from 'typeorm';
import { IdentityKeyEntity } from '../identity-key.entity';
import { KeyBackupEntryEntity } from './key-backup-entry.entity';
import { KeyBackupEntity } from './key-backup.entity';
import {
  MAX_ENTRIES_PAGE,
  MAX_ENTRIES_PER_CALL,
  parseEntryCursor,
  parseSealed,
  verifiedBackupCertificate,
} from './key-backup-input';

export interface KeyBackupPage {
  backup: KeyBackupEntity;
  identityPublicKey: Buffer;
  entries: KeyBackupEntryEntity[];
  hasNextPage: boolean;
  totalCount: number;
}

/**
 * Key backups (docs/keys.md): the server keeps what a new device needs to
 * restore — the backup key certificate, the sealed identity and the sealed
 * entries — without being able to open any of it. One current backup per
 * account (its latest); entries are only ever appended.
 */
@Injectable()
export class KeyBackups {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  /**
   * Publishes the caller's backup: the certificate must verify against the
   * caller's current identity key. It becomes the current backup; an earlier
   * one stays on record with its entries, which a new backup does not carry.
   */
  async publish(
    actor: Principal,
    certificateText: string,
    sealedIdentityKey: string,
    origin: RequestOrigin,
  ): Promise<{ backup: KeyBackupEntity; identityPublicKey: Buffer }> {
    const sealedIdentity = parseSealed(sealedIdentityKey, 'sealedIdentityKey');
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT id FROM user_account WHERE id = $1 FOR UPDATE', [actor.user.id]);
      const current = await this.currentKey(manager, actor.user.id);
      if (!current) {
        throw new DomainError(ErrorCode.Conflict, 'Register your identity key before a backup', {
          reason: 'IDENTITY_KEY_REQUIRED',
        });
      }
      const { certificate, json } = verifiedBackupCertificate(
        certificateText,
        actor.user.id,
        current.publicKey,
      );
      const backup = await manager.save(
        manager.create(KeyBackupEntity, {
          userId: actor.user.id,
          identityKeyId: current.id,
          certificate: json,
          sealedIdentity,
          publishedAt: this.clock.now(),
        }),
      );
      await this.audit.record(manager, {
        ...this.event(actor, origin, backup.id),
        type: AuditEventType.KEY_BACKUP_PUBLISHED,
        details: { identityKeyId: current.id, kdf: certificate.kdf.kind },
      });
      return { backup, identityPublicKey: current.publicKey };
    });
  }

  /**
   * Appends sealed entries to the caller's current backup, in the order given.
   * No backup, or one certified by a replaced identity key: CONFLICT.
   * One audit entry per call (with the count), not one per entry.
   */
  async append(
    actor: Principal,
    entries: readonly string[],
    origin: RequestOrigin,
  ): Promise<number> {
    if (entries.length === 0 || entries.length > MAX_ENTRIES_PER_CALL) {
      throw new DomainError(
        ErrorCode.BadUserInput,
        `Append 1 to ${MAX_ENTRIES_PER_CALL} entries at a time`,
        { field: 'entries' },
      );
    }
    const sealed = entries.map((entry, index) => parseSealed(entry, `entries.${index}`));
    return this.dataSource.transaction(async (manager) => {
      // Shared: devices append side by side; a publish (FOR UPDATE) waits for them.
      await manager.query('SELECT id FROM user_account WHERE id = $1 FOR SHARE', [actor.user.id]);
      const backup = await this.currentBackup(manager, actor.user.id);
      if (!backup) {
        throw new DomainError(ErrorCode.Conflict, 'Publish a key backup before appending to it', {
          reason: 'KEY_BACKUP_REQUIRED',
        });
      }
      const key = await this.currentKey(manager, actor.user.id);
      if (!key || key.id !== backup.identityKeyId) {
        throw new DomainError(
          ErrorCode.Conflict,
          'Your backup was certified by a replaced identity key; publish a new one',
          { reason: 'KEY_BACKUP_STALE' },
        );
      }
      const now = this.clock.now();
      await manager.insert(
        KeyBackupEntryEntity,
        sealed.map((bytes) => ({ backupId: backup.id, sealed: bytes, appendedAt: now })),
      );
      await this.audit.record(manager, {
        ...this.event(actor, origin, backup.id),
        type: AuditEventType.KEY_BACKUP_ENTRIES_APPENDED,
        details: { count: sealed.length },
      });
      return sealed.length;
    });
  }

  /** The caller's own current backup and a page of its entries, oldest first; null without one. */
  async mine(actor: Principal, after: string | null, first: number): Promise<KeyBackupPage | null> {
    if (!Number.isInteger(first) || first < 1 || first > MAX_ENTRIES_PAGE) {
      throw new DomainError(ErrorCode.BadUserInput, `first must be 1 to ${MAX_ENTRIES_PAGE}`, {
        field: 'first',
      });
    }
    const afterId = after ? parseEntryCursor(after) : null;
    const manager = this.dataSource.manager;
    const backup = await this.currentBackup(manager, actor.user.id);
    if (!backup) return null;
    const identityKey = await manager.findOneByOrFail(IdentityKeyEntity, {
      id: backup.identityKeyId,
    });
    const query = manager
      .createQueryBuilder(KeyBackupEntryEntity, 'e')
      .where('e.backup_id = :backupId', { backupId: backup.id })
      .orderBy('e.id', 'ASC')
      .take(first + 1);
    if (afterId) query.andWhere('e.id > :afterId', { afterId });
    const rows = await query.getMany();
    const totalCount = await manager.countBy(KeyBackupEntryEntity, { backupId: backup.id });
    return {
      backup,
      identityPublicKey: identityKey.publicKey,
      entries: rows.slice(0, first),
      hasNextPage: rows.length > first,
      totalCount,
    };
  }

  private currentBackup(manager: EntityManager, userId: string): Promise<KeyBackupEntity | null> {
    return manager.findOne(KeyBackupEntity, { where: { userId }, order: { id: 'DESC' } });
  }

  private currentKey(manager: EntityManager, userId: string): Promise<IdentityKeyEntity | null> {
    return manager.findOneBy(IdentityKeyEntity, { userId, replacedAt: IsNull() });
  }

  private event(actor: Principal, origin: RequestOrigin, backupId: string) {
    return {
      actorId: actor.user.id,
      actorRole: actor.user.role,
      subjectType: 'key_backup',
      subjectId: backupId,
      memberState: actor.user.memberStateCode,
      ip: origin.ip ?? null,
      requestId: origin.requestId ?? null,
    };
  }
}
