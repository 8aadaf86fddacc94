import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import DataLoader from 'dataloader';
import { AuditEventType, AuditService } from '@fpn/audit';
import { Clock, DomainError, ErrorCode, NotFoundError } from '@fpn/core';
import type { DeviceCertificateJson } from '@fpn/crypto';
import { ApiCredentialEntity, type Principal, type RequestOrigin } from '@fpn/identity';
import { DataSource, type EntityManager, In } from 'typeorm';
import { DeviceEntity, DeviceRevocationReason, DeviceStatus } from '../device.entity';
import {
  certifyingKey,
  deviceIdConflictOr,
  lockAccount,
  sameOrFreeDeviceId,
  saveDevice,
} from '../device-records';
import { verifiedCertificate } from '../key-input';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A ministry system's device: certified by the identity key of the account it
 * acts for — the account that issued its API credential — and bound to that
 * credential, so it decrypts through the SDK like any of the account's
 * devices, and stops receiving when the credential is revoked or expires.
 * One active device per credential.
 */
@Injectable()
export class CredentialDevices {
  /** One DataLoader per request (`ApiCredential.device` under a list), so nothing is cached across callers. */
  private readonly loaders = new WeakMap<object, DataLoader<string, DeviceEntity | null>>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  /**
   * Binds a device to a credential the caller issued; any other credential is
   * NOT_FOUND. The certificate is checked as `registerDevice` checks it (the
   * caller's account, the caller's current identity key). A device already
   * bound to the credential is revoked (`replaced`) in the same transaction.
   * Nothing is stored on a refusal.
   */
  async bind(
    actor: Principal,
    apiCredentialId: string,
    json: DeviceCertificateJson,
    origin: RequestOrigin,
  ): Promise<DeviceEntity> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        await lockAccount(manager, actor.user.id);
        const credential = await this.issuedBy(manager, actor, apiCredentialId, origin);
        const now = this.clock.now();
        if (credential.revokedAt) {
          throw new DomainError(ErrorCode.Conflict, 'This API credential is revoked', {
            reason: 'API_CREDENTIAL_REVOKED',
          });
        }
        if (credential.expiresAt <= now) {
          throw new DomainError(ErrorCode.Conflict, 'This API credential has expired', {
            reason: 'API_CREDENTIAL_EXPIRED',
          });
        }
        const current = await certifyingKey(manager, actor.user.id);
        const certificate = verifiedCertificate(json, actor.user.id, current.publicKey);
        const same = await sameOrFreeDeviceId(
          manager,
          certificate,
          (existing) =>
            existing.userId === actor.user.id && existing.apiCredentialId === credential.id,
        );
        if (same) return same;
        const replaced = await this.revokeBound(manager, actor, credential, now, origin);
        const device = await saveDevice(manager, certificate, {
          userId: actor.user.id,
          identityKeyId: current.id,
          apiCredentialId: credential.id,
          registeredAt: now,
        });
        await this.audit.record(manager, {
          ...this.event(actor, credential, origin, device),
          type: AuditEventType.DEVICE_REGISTERED,
          details: {
            deviceId: device.deviceId,
            identityKeyId: current.id,
            apiCredentialId: credential.id,
            replacedDeviceId: replaced?.deviceId ?? null,
          },
        });
        return device;
      });
    } catch (error) {
      throw deviceIdConflictOr(error);
    }
  }

  /** The active device bound to the credential, if any (batched per request). */
  deviceOf(request: object, apiCredentialId: string): Promise<DeviceEntity | null> {
    let loader = this.loaders.get(request);
    if (!loader) {
      loader = new DataLoader(async (ids: readonly string[]) => {
        const devices = await this.dataSource.manager.findBy(DeviceEntity, {
          apiCredentialId: In([...ids]),
          status: DeviceStatus.ACTIVE,
        });
        return ids.map((id) => devices.find((device) => device.apiCredentialId === id) ?? null);
      });
      this.loaders.set(request, loader);
    }
    return loader.load(apiCredentialId);
  }

  /** The credential, if the caller issued it; anyone else's answers like a missing one (audited). */
  private async issuedBy(
    manager: EntityManager,
    actor: Principal,
    id: string,
    origin: RequestOrigin,
  ): Promise<ApiCredentialEntity> {
    const credential = UUID.test(id) ? await manager.findOneBy(ApiCredentialEntity, { id }) : null;
    if (!credential) throw new NotFoundError('API credential', id);
    if (credential.createdBy !== actor.user.id) {
      await this.audit.recordNow({
        type: AuditEventType.AUTHORIZATION_DENIED,
        actorId: actor.user.id,
        actorRole: actor.user.role,
        memberState: actor.user.memberStateCode,
        ip: origin.ip ?? null,
        requestId: origin.requestId ?? null,
        details: {
          operation: 'bindApiCredentialDevice',
          why: 'object-scope',
          credential: credential.id,
        },
      });
      throw new NotFoundError('API credential', id);
    }
    return credential;
  }

  /** The device bound to the credential until now, revoked as `replaced`. */
  private async revokeBound(
    manager: EntityManager,
    actor: Principal,
    credential: ApiCredentialEntity,
    now: Date,
    origin: RequestOrigin,
  ): Promise<DeviceEntity | null> {
    const previous = await manager.findOne(DeviceEntity, {
      where: { apiCredentialId: credential.id, status: DeviceStatus.ACTIVE },
      lock: { mode: 'pessimistic_write' },
    });
    if (!previous) return null;
    await manager.update(
      DeviceEntity,
      { id: previous.id },
      {
        status: DeviceStatus.REVOKED,
        revokedAt: now,
        revocationReason: DeviceRevocationReason.REPLACED,
      },
    );
    await this.audit.record(manager, {
      ...this.event(actor, credential, origin, previous),
      type: AuditEventType.DEVICE_REVOKED,
      details: {
        deviceId: previous.deviceId,
        reason: DeviceRevocationReason.REPLACED,
        apiCredentialId: credential.id,
      },
    });
    return previous;
  }

  private event(
    actor: Principal,
    credential: ApiCredentialEntity,
    origin: RequestOrigin,
    device: DeviceEntity,
  ) {
    return {
      actorId: actor.user.id,
      actorRole: actor.user.role,
      subjectType: 'device',
      subjectId: device.id,
      memberState: credential.memberStateCode,
      ip: origin.ip ?? null,
      requestId: origin.requestId ?? null,
    };
  }
}
