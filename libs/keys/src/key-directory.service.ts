import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditEventType, AuditService } from '@fpn/audit';
import { Clock, DomainError, ErrorCode, NotFoundError } from '@fpn/core';
import { type DeviceCertificateJson, initCrypto, toBase64Url } from '@fpn/crypto';
import {
  isSecretariat,
  type Principal,
  type RequestOrigin,
  UserEntity,
  UserStatus,
} from '@fpn/identity';
import { NotificationKind, NotificationsService } from '@fpn/notifications';
import { DataSource, type EntityManager, In } from 'typeorm';
import { DeviceEntity, DeviceRevocationReason, DeviceStatus } from './device.entity';
import {
  certifyingKey,
  currentIdentityKey,
  deviceIdConflictOr,
  lockAccount,
  sameOrFreeDeviceId,
  saveDevice,
} from './device-records';
import { IdentityKeyChangeEntity } from './identity-key-change.entity';
import { IdentityKeyEntity } from './identity-key.entity';
import { type IdentityKeyChangeEvent, KeyChangeAnnouncer } from './key-change-announcer';
import { parseIdentityPublicKey, verifiedCertificate } from './key-input';
import { sharesNetworkSql } from './key-scope';

/** A key registered or changed; a change is announced live once committed. */
interface KeyChanged {
  key: IdentityKeyEntity;
  announcement?: { change: IdentityKeyChangeEvent; recipients: string[] };
}

/**
 * The server's half of end-to-end encryption: it keeps the public keys people
 * register and checks what can be checked without secrets (key lengths,
 * device certificates against the current identity key). It never holds a
 * private key, and clients do not have to trust it: they pin identity keys
 * and check every certificate themselves (docs/keys.md).
 */
@Injectable()
export class KeyDirectory implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    private readonly announcer: KeyChangeAnnouncer,
  ) {}

  async onModuleInit(): Promise<void> {
    await initCrypto();
  }

  /**
   * The caller's first identity key; the same key again is a no-op. A
   * different key while one is current is CONFLICT: that is a key change.
   */
  async registerIdentityKey(
    actor: Principal,
    publicKey: string,
    origin: RequestOrigin,
  ): Promise<IdentityKeyEntity> {
    const key = Buffer.from(parseIdentityPublicKey(publicKey));
    return this.dataSource.transaction(async (manager) => {
      await lockAccount(manager, actor.user.id);
      const current = await currentIdentityKey(manager, actor.user.id);
      if (current) {
        if (current.publicKey.equals(key)) return current;
        throw new DomainError(
          ErrorCode.Conflict,
          'You already have an identity key; replacing it is a key change (changeIdentityKey with confirm: true)',
          { reason: 'KEY_CHANGE_REQUIRES_CONFIRMATION' },
        );
      }
      return this.addFirstKey(manager, actor, key, origin);
    });
  }

  /**
   * Replaces the caller's identity key: the old one is kept, marked replaced;
   * every device it certified is revoked; everyone who shares a network with
   * the caller is told (in the app). Without a current key it registers one.
   */
  async changeIdentityKey(
    actor: Principal,
    publicKey: string,
    confirm: boolean,
    origin: RequestOrigin,
  ): Promise<IdentityKeyEntity> {
    if (!confirm) {
      throw new DomainError(
        ErrorCode.BadUserInput,
        'A key change must be confirmed: every contact will be warned and your devices revoked',
        { field: 'confirm' },
      );
    }
    const key = Buffer.from(parseIdentityPublicKey(publicKey));
    const result = await this.dataSource.transaction(async (manager): Promise<KeyChanged> => {
      await lockAccount(manager, actor.user.id);
      const current = await currentIdentityKey(manager, actor.user.id);
      if (!current) return { key: await this.addFirstKey(manager, actor, key, origin) };
      if (current.publicKey.equals(key)) return { key: current };
      const reused = await manager.findOneBy(IdentityKeyEntity, {
        userId: actor.user.id,
        publicKey: key,
      });
      if (reused) {
        throw new DomainError(ErrorCode.Conflict, 'This identity key was replaced before', {
          reason: 'KEY_PREVIOUSLY_REPLACED',
        });
      }
      const now = this.clock.now();
      await manager.update(IdentityKeyEntity, { id: current.id }, { replacedAt: now });
      const added = await manager.save(
        manager.create(IdentityKeyEntity, {
          userId: actor.user.id,
          publicKey: key,
          registeredAt: now,
          replacedAt: null,
        }),
      );
      const revoked = await manager
        .createQueryBuilder()
        .update(DeviceEntity)
        .set({
          status: DeviceStatus.REVOKED,
          revokedAt: now,
          revocationReason: DeviceRevocationReason.IDENTITY_KEY_CHANGED,
        })
        .where('identity_key_id = :keyId AND status = :active', {
          keyId: current.id,
          active: DeviceStatus.ACTIVE,
        })
        .returning(['device_id'])
        .execute();
      const revokedIds = (revoked.raw as { device_id: string }[]).map((row) => row.device_id);
      const change = await manager.save(
        manager.create(IdentityKeyChangeEntity, {
          userId: actor.user.id,
          previousKeyId: current.id,
          newKeyId: added.id,
          changedAt: now,
          devicesRevoked: revokedIds.length,
        }),
      );
      await this.audit.record(manager, {
        ...this.event(actor, origin, 'identity_key', added.id),
        type: AuditEventType.IDENTITY_KEY_CHANGED,
        details: {
          change: change.id,
          previousKeyId: current.id,
          devicesRevoked: revokedIds,
        },
      });
      const recipients = await this.notifyContacts(manager, actor.user, now);
      return {
        key: added,
        announcement: {
          recipients,
          change: {
            userId: actor.user.id,
            previousPublicKey: toBase64Url(current.publicKey),
            publicKey: toBase64Url(added.publicKey),
            changedAt: now.toISOString(),
          },
        },
      };
    });
    if (result.announcement) {
      await this.notifications.dispatchSoon();
      // Live, after the commit: nobody hears of a change that did not happen.
      await this.announcer.announce(result.announcement.change, result.announcement.recipients, {
        toEveryone: isSecretariat(actor.user.role),
      });
    }
    return result.key;
  }

  /** A device certified by the caller's current identity key; nothing is stored on refusal. */
  async registerDevice(
    actor: Principal,
    json: DeviceCertificateJson,
    origin: RequestOrigin,
  ): Promise<DeviceEntity> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        await lockAccount(manager, actor.user.id);
        const current = await certifyingKey(manager, actor.user.id);
        const certificate = verifiedCertificate(json, actor.user.id, current.publicKey);
        const same = await sameOrFreeDeviceId(
          manager,
          certificate,
          (existing) => existing.userId === actor.user.id,
        );
        if (same) return same;
        const device = await saveDevice(manager, certificate, {
          userId: actor.user.id,
          identityKeyId: current.id,
          apiCredentialId: null,
          registeredAt: this.clock.now(),
        });
        await this.audit.record(manager, {
          ...this.event(actor, origin, 'device', device.id),
          type: AuditEventType.DEVICE_REGISTERED,
          details: { deviceId: device.deviceId, identityKeyId: current.id },
        });
        return device;
      });
    } catch (error) {
      throw deviceIdConflictOr(error);
    }
  }

  /** Revokes one of the caller's own devices; anyone else's is NOT_FOUND. */
  async revokeDevice(
    actor: Principal,
    deviceId: string,
    origin: RequestOrigin,
  ): Promise<DeviceEntity> {
    return this.dataSource.transaction(async (manager) => {
      const device = await manager.findOne(DeviceEntity, {
        where: { deviceId, userId: actor.user.id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!device) throw new NotFoundError('Device', deviceId);
      if (device.status === DeviceStatus.REVOKED) {
        throw new DomainError(ErrorCode.Conflict, 'The device is already revoked', {
          reason: 'DEVICE_REVOKED',
        });
      }
      const now = this.clock.now();
      await manager.update(
        DeviceEntity,
        { id: device.id },
        {
          status: DeviceStatus.REVOKED,
          revokedAt: now,
          revocationReason: DeviceRevocationReason.BY_OWNER,
        },
      );
      await this.audit.record(manager, {
        ...this.event(actor, origin, 'device', device.id),
        type: AuditEventType.DEVICE_REVOKED,
        details: { deviceId: device.deviceId, reason: DeviceRevocationReason.BY_OWNER },
      });
      return manager.findOneByOrFail(DeviceEntity, { id: device.id });
    });
  }

  myDevices(actor: Principal): Promise<DeviceEntity[]> {
    return this.dataSource.manager.find(DeviceEntity, {
      where: { userId: actor.user.id },
      order: { registeredAt: 'ASC', deviceId: 'ASC' },
    });
  }

  myIdentityKey(actor: Principal): Promise<IdentityKeyEntity | null> {
    return currentIdentityKey(this.dataSource.manager, actor.user.id);
  }

  private async addFirstKey(
    manager: EntityManager,
    actor: Principal,
    key: Buffer,
    origin: RequestOrigin,
  ): Promise<IdentityKeyEntity> {
    const added = await manager.save(
      manager.create(IdentityKeyEntity, {
        userId: actor.user.id,
        publicKey: key,
        registeredAt: this.clock.now(),
        replacedAt: null,
      }),
    );
    await this.audit.record(manager, {
      ...this.event(actor, origin, 'identity_key', added.id),
      type: AuditEventType.IDENTITY_KEY_REGISTERED,
      details: {},
    });
    return added;
  }

  /**
   * In the app, to everyone who shares a network with the person: content-free.
   * Returns who was told, to hear it live as well once committed.
   */
  private async notifyContacts(
    manager: EntityManager,
    person: UserEntity,
    at: Date,
  ): Promise<string[]> {
    const rows = await manager.query<{ user_id: string }[]>(sharesNetworkSql, [person.id]);
    if (rows.length === 0) return [];
    const recipients = await manager.find(UserEntity, {
      where: { id: In(rows.map((row) => row.user_id)), status: UserStatus.ACTIVE },
    });
    for (const recipient of recipients) {
      await this.notifications.notify(manager, {
        userId: recipient.id,
        kind: NotificationKind.IDENTITY_KEY_CHANGED,
        params: {
          displayName: recipient.displayName,
          personName: person.displayName,
          personId: person.id,
          changedAt: at.toISOString(),
        },
      });
    }
    return recipients.map((recipient) => recipient.id);
  }

  private event(actor: Principal, origin: RequestOrigin, subjectType: string, subjectId: string) {
    return {
      actorId: actor.user.id,
      actorRole: actor.user.role,
      subjectType,
      subjectId,
      memberState: actor.user.memberStateCode,
      ip: origin.ip ?? null,
      requestId: origin.requestId ?? null,
    };
  }
}
