import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditEventType, AuditService } from '@fpn/audit';
import { Clock, DomainError, ErrorCode, NotFoundError } from '@fpn/core';
import { type DeviceCertificateJson, initCrypto } from '@fpn/crypto';
import {
  isSecretariat,
  type Principal,
  type RequestOrigin,
  UserEntity,
  UserStatus,
} from '@fpn/identity';
import { NotificationKind, NotificationsService } from '@fpn/notifications';
import { DataSource, type EntityManager, In, IsNull, QueryFailedError } from 'typeorm';
import { DeviceEntity, DeviceRevocationReason, DeviceStatus } from './device.entity';
import { IdentityKeyChangeEntity } from './identity-key-change.entity';
import { IdentityKeyEntity } from './identity-key.entity';
import { parseIdentityPublicKey, verifiedCertificate } from './key-input';
import { sharesNetworkSql, visibleAccountsSql } from './key-scope';

/** The most accounts one read may ask about. */
export const MAX_KEY_LOOKUP = 500;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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
      await this.lockAccount(manager, actor.user.id);
      const current = await this.currentKey(manager, actor.user.id);
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
    const result = await this.dataSource.transaction(async (manager) => {
      await this.lockAccount(manager, actor.user.id);
      const current = await this.currentKey(manager, actor.user.id);
      if (!current) return this.addFirstKey(manager, actor, key, origin);
      if (current.publicKey.equals(key)) return current;
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
      await this.announceChange(manager, actor.user, now);
      return added;
    });
    await this.notifications.dispatchSoon();
    return result;
  }

  /** A device certified by the caller's current identity key; nothing is stored on refusal. */
  async registerDevice(
    actor: Principal,
    json: DeviceCertificateJson,
    origin: RequestOrigin,
  ): Promise<DeviceEntity> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        await this.lockAccount(manager, actor.user.id);
        const current = await this.currentKey(manager, actor.user.id);
        if (!current) {
          throw new DomainError(ErrorCode.Conflict, 'Register your identity key before a device', {
            reason: 'IDENTITY_KEY_REQUIRED',
          });
        }
        const certificate = verifiedCertificate(json, actor.user.id, current.publicKey);
        const existing = await manager.findOneBy(DeviceEntity, {
          deviceId: certificate.deviceId,
        });
        if (existing) {
          const same =
            existing.userId === actor.user.id &&
            existing.status === DeviceStatus.ACTIVE &&
            existing.certificateSignature.equals(Buffer.from(certificate.signature));
          if (same) return existing;
          throw new DomainError(
            ErrorCode.Conflict,
            existing.status === DeviceStatus.REVOKED
              ? 'This device was revoked; a revoked device id cannot be registered again'
              : 'This device id is taken',
            {
              field: 'certificate.deviceId',
              reason:
                existing.status === DeviceStatus.REVOKED ? 'DEVICE_REVOKED' : 'DEVICE_ID_TAKEN',
            },
          );
        }
        const device = await manager.save(
          manager.create(DeviceEntity, {
            deviceId: certificate.deviceId,
            userId: actor.user.id,
            identityKeyId: current.id,
            certificateVersion: certificate.version,
            signingPublicKey: Buffer.from(certificate.signingPublicKey),
            encryptionPublicKey: Buffer.from(certificate.encryptionPublicKey),
            issuedAt: new Date(certificate.issuedAt),
            certificateSignature: Buffer.from(certificate.signature),
            status: DeviceStatus.ACTIVE,
            registeredAt: this.clock.now(),
            revokedAt: null,
            revocationReason: null,
          }),
        );
        await this.audit.record(manager, {
          ...this.event(actor, origin, 'device', device.id),
          type: AuditEventType.DEVICE_REGISTERED,
          details: { deviceId: device.deviceId, identityKeyId: current.id },
        });
        return device;
      });
    } catch (error) {
      // Two accounts racing for one device id: the unique index decides.
      if (
        error instanceof QueryFailedError &&
        (error.driverError as { code?: string }).code === '23505'
      ) {
        throw new DomainError(ErrorCode.Conflict, 'This device id is taken', {
          field: 'certificate.deviceId',
          reason: 'DEVICE_ID_TAKEN',
        });
      }
      throw error;
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
    return this.currentKey(this.dataSource.manager, actor.user.id);
  }

  /** The current identity keys of the accounts the caller may address; others are left out. */
  async identityKeys(actor: Principal, userIds: readonly string[]): Promise<IdentityKeyEntity[]> {
    const visible = await this.visibleAmong(actor, userIds);
    if (visible.length === 0) return [];
    return this.dataSource.manager.find(IdentityKeyEntity, {
      where: { userId: In(visible), replacedAt: IsNull() },
      order: { userId: 'ASC' },
    });
  }

  /** The active devices of the (active) accounts the caller may address. */
  async deviceKeys(actor: Principal, userIds: readonly string[]): Promise<DeviceEntity[]> {
    const visible = await this.visibleAmong(actor, userIds);
    if (visible.length === 0) return [];
    return this.activeDevices().andWhere('d.user_id IN (:...visible)', { visible }).getMany();
  }

  /** The active devices of every active focal point of a network the caller belongs to. */
  async networkDeviceKeys(actor: Principal, networkKey: string): Promise<DeviceEntity[]> {
    const [network] = await this.dataSource.query<{ id: string }[]>(
      'SELECT id FROM network WHERE key = $1',
      [networkKey],
    );
    if (!network) throw new NotFoundError('Network', networkKey);
    if (!isSecretariat(actor.user.role)) {
      const [member] = await this.dataSource.query<unknown[]>(
        `SELECT 1 FROM focal_point fp
           JOIN network_membership m ON m.focal_point_id = fp.id
          WHERE fp.user_id = $1 AND fp.status = 'active' AND m.network_id = $2`,
        [actor.user.id, network.id],
      );
      if (!member) {
        throw new DomainError(ErrorCode.Forbidden, 'You are not a member of this network');
      }
    }
    return this.activeDevices()
      .andWhere(
        `d.user_id IN (SELECT fp.user_id FROM focal_point fp
                         JOIN network_membership m ON m.focal_point_id = fp.id
                        WHERE m.network_id = :networkId AND fp.status = 'active'
                          AND fp.user_id IS NOT NULL)`,
        { networkId: network.id },
      )
      .getMany();
  }

  /** Key changes of the accounts the caller may address, oldest first. */
  async keyChanges(
    actor: Principal,
    since: Date | null,
  ): Promise<
    (IdentityKeyChangeEntity & { previousKey: IdentityKeyEntity; newKey: IdentityKeyEntity })[]
  > {
    const query = this.dataSource.manager
      .createQueryBuilder(IdentityKeyChangeEntity, 'c')
      .innerJoinAndSelect('c.previousKey', 'previous')
      .innerJoinAndSelect('c.newKey', 'next')
      .orderBy('c.changed_at', 'ASC')
      .addOrderBy('c.id', 'ASC')
      .take(1000);
    if (since) query.andWhere('c.changed_at > :since', { since });
    if (!isSecretariat(actor.user.role)) {
      query.andWhere(`c.user_id IN (${visibleAccountsSql(':me', ':state')})`, {
        me: actor.user.id,
        state: actor.user.memberStateCode,
      });
    }
    return (await query.getMany()) as (IdentityKeyChangeEntity & {
      previousKey: IdentityKeyEntity;
      newKey: IdentityKeyEntity;
    })[];
  }

  private activeDevices() {
    return this.dataSource.manager
      .createQueryBuilder(DeviceEntity, 'd')
      .innerJoin(UserEntity, 'u', 'u.id = d.user_id')
      .where('d.status = :active', { active: DeviceStatus.ACTIVE })
      .andWhere('u.status = :userActive', { userActive: UserStatus.ACTIVE })
      .orderBy('d.user_id', 'ASC')
      .addOrderBy('d.device_id', 'ASC');
  }

  /** Of `userIds`, those the caller may address: anyone for the Secretariat. */
  private async visibleAmong(actor: Principal, userIds: readonly string[]): Promise<string[]> {
    if (userIds.length > MAX_KEY_LOOKUP) {
      throw new DomainError(ErrorCode.BadUserInput, `Ask for at most ${MAX_KEY_LOOKUP} accounts`, {
        field: 'userIds',
      });
    }
    const wanted = [...new Set(userIds.filter((id) => UUID.test(id)))];
    if (wanted.length === 0) return [];
    if (isSecretariat(actor.user.role)) return wanted;
    const rows = await this.dataSource.query<{ id: string }[]>(
      `SELECT id FROM user_account WHERE id = ANY($1::uuid[]) AND id IN (${visibleAccountsSql('$2', '$3')})`,
      [wanted, actor.user.id, actor.user.memberStateCode],
    );
    return rows.map((row) => row.id);
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

  /** In the app, to everyone who shares a network with the person: content-free. */
  private async announceChange(
    manager: EntityManager,
    person: UserEntity,
    at: Date,
  ): Promise<void> {
    const rows = await manager.query<{ user_id: string }[]>(sharesNetworkSql, [person.id]);
    if (rows.length === 0) return;
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
  }

  private currentKey(manager: EntityManager, userId: string): Promise<IdentityKeyEntity | null> {
    return manager.findOneBy(IdentityKeyEntity, { userId, replacedAt: IsNull() });
  }

  /** Serializes one account's key changes (and device registrations against them). */
  private async lockAccount(manager: EntityManager, userId: string): Promise<void> {
    await manager.query('SELECT id FROM user_account WHERE id = $1 FOR UPDATE', [userId]);
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
