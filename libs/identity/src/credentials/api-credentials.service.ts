import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type AuditEvent, AuditEventType, AuditService } from '@fpn/audit';
import { Clock, DomainError, ErrorCode, NotFoundError } from '@fpn/core';
import { DataSource, type EntityManager } from 'typeorm';
import { memberStateExists } from '../common/reference-data';
import type { Principal, RequestOrigin } from '../auth/authentication.service';
import { CallerScope } from '../authorization/caller-scope';
import { ApiCredentialEntity } from './api-credential.entity';
import { newApiCredentialSecret } from './api-credential-token';
import { type ApiOperation, isApiOperation } from './api-operation';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
export const DEFAULT_LIFETIME_DAYS = 90;
export const MAX_LIFETIME_DAYS = 365;
export const MAX_ROTATION_GRACE_MINUTES = 1440;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface NewApiCredential {
  name: string;
  memberStateCode: string;
  networkKeys: string[];
  operations: ApiOperation[];
  expiresAt?: Date | null;
}

/** A credential with its token, which exists only in this answer. */
export interface IssuedSecret {
  credential: ApiCredentialEntity;
  token: string;
}

/** Who manages credentials: the account and where the request came from. */
export interface CredentialManager {
  principal: Principal;
  origin: RequestOrigin;
}

const badInput = (field: string, message: string) =>
  new DomainError(ErrorCode.BadUserInput, message, { field });

/**
 * Issuing, rotating, revoking and listing API credentials. The Secretariat
 * manages every state's; a coordinator only their own state's. A credential
 * outside the caller's scope answers like one that does not exist. Every
 * change is audited in its own transaction; secrets never are.
 */
@Injectable()
export class ApiCredentialsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  async issue(by: CredentialManager, input: NewApiCredential): Promise<IssuedSecret> {
    const memberStateCode = input.memberStateCode.trim().toUpperCase();
    if (!CallerScope.ofUser(by.principal.user).canActOnState(memberStateCode)) {
      await this.recordDenial(by, 'issueApiCredential', { requestedState: memberStateCode });
      throw new DomainError(
        ErrorCode.Forbidden,
        'You may issue API credentials for your own member state only',
      );
    }
    return this.dataSource.transaction(async (manager) => {
      const fields = await this.validate(manager, { ...input, memberStateCode });
      const id = randomUUID();
      const { token, secretHash } = newApiCredentialSecret(id);
      const credential = manager.create(ApiCredentialEntity, {
        id,
        ...fields,
        secretHash,
        previousSecretHash: null,
        previousSecretValidUntil: null,
        createdBy: by.principal.user.id,
        createdAt: this.clock.now(),
        rotatedAt: null,
        revokedAt: null,
        revokedBy: null,
        lastUsedAt: null,
      });
      await manager.insert(ApiCredentialEntity, credential);
      await this.audit.record(
        manager,
        this.event(by, AuditEventType.CREDENTIAL_KEY_ISSUED, credential, {
          name: credential.name,
          networkKeys: credential.networkKeys,
          operations: credential.operations,
          expiresAt: credential.expiresAt.toISOString(),
        }),
      );
      return { credential, token };
    });
  }

  /** A new secret; the old one keeps working for `graceMinutes` (0: not at all). */
  async rotate(by: CredentialManager, id: string, graceMinutes: number): Promise<IssuedSecret> {
    if (
      !Number.isInteger(graceMinutes) ||
      graceMinutes < 0 ||
      graceMinutes > MAX_ROTATION_GRACE_MINUTES
    ) {
      throw badInput(
        'keepPreviousForMinutes',
        `The previous secret can be kept for 0 to ${MAX_ROTATION_GRACE_MINUTES} minutes`,
      );
    }
    return this.dataSource.transaction(async (manager) => {
      const credential = await this.findInScope(manager, by, id, 'rotateApiCredential');
      const now = this.clock.now();
      if (credential.revokedAt) {
        throw new DomainError(ErrorCode.Conflict, 'This API credential is revoked');
      }
      if (credential.expiresAt <= now) {
        throw new DomainError(
          ErrorCode.Conflict,
          'This API credential has expired; issue a new one',
        );
      }
      const { token, secretHash } = newApiCredentialSecret(credential.id);
      const changes = {
        secretHash,
        previousSecretHash: graceMinutes ? credential.secretHash : null,
        previousSecretValidUntil: graceMinutes
          ? new Date(now.getTime() + graceMinutes * MINUTE_MS)
          : null,
        rotatedAt: now,
      };
      await manager.update(ApiCredentialEntity, { id: credential.id }, changes);
      Object.assign(credential, changes);
      await this.audit.record(
        manager,
        this.event(by, AuditEventType.CREDENTIAL_KEY_ROTATED, credential, { graceMinutes }),
      );
      return { credential, token };
    });
  }

  /** Ends the credential at once. */
  async revoke(by: CredentialManager, id: string): Promise<ApiCredentialEntity> {
    return this.dataSource.transaction(async (manager) => {
      const credential = await this.findInScope(manager, by, id, 'revokeApiCredential');
      if (credential.revokedAt) {
        throw new DomainError(ErrorCode.Conflict, 'This API credential is already revoked');
      }
      const changes = { revokedAt: this.clock.now(), revokedBy: by.principal.user.id };
      await manager.update(ApiCredentialEntity, { id: credential.id }, changes);
      Object.assign(credential, changes);
      await this.audit.record(
        manager,
        this.event(by, AuditEventType.CREDENTIAL_KEY_REVOKED, credential, {}),
      );
      return credential;
    });
  }

  /** The Secretariat: every state's, or one state's; a coordinator: their own state's. */
  async list(
    by: CredentialManager,
    filter: { memberStateCode?: string | null; includeRevoked: boolean },
  ): Promise<ApiCredentialEntity[]> {
    const scope = CallerScope.ofUser(by.principal.user);
    const requested = filter.memberStateCode?.trim().toUpperCase();
    if (requested && !scope.canActOnState(requested)) {
      await this.recordDenial(by, 'apiCredentials', { requestedState: requested });
      throw new DomainError(
        ErrorCode.Forbidden,
        "You may list your own member state's API credentials only",
      );
    }
    const memberStateCode = requested ?? scope.memberStateCode;
    const query = this.dataSource.manager
      .createQueryBuilder(ApiCredentialEntity, 'credential')
      .orderBy('credential.createdAt', 'DESC')
      .addOrderBy('credential.id', 'ASC');
    if (memberStateCode) {
      query.andWhere('credential.member_state_code = :memberStateCode', { memberStateCode });
    }
    if (!filter.includeRevoked) query.andWhere('credential.revoked_at IS NULL');
    return query.getMany();
  }

  private async validate(
    manager: EntityManager,
    input: NewApiCredential,
  ): Promise<Omit<NewApiCredential, 'expiresAt'> & { expiresAt: Date }> {
    const name = input.name.trim();
    if (name.length < 1 || name.length > 120) {
      throw badInput('name', 'Name must be 1 to 120 characters');
    }
    if (!(await memberStateExists(manager, input.memberStateCode))) {
      throw badInput('memberStateCode', `Member state "${input.memberStateCode}" does not exist`);
    }
    const networkKeys = [...new Set(input.networkKeys.map((key) => key.trim()))];
    const known = networkKeys.length
      ? await manager.query<{ key: string }[]>('SELECT key FROM network WHERE key = ANY($1)', [
          networkKeys,
        ])
      : [];
    const unknown = networkKeys.filter((key) => !known.some((network) => network.key === key));
    if (unknown.length) {
      throw badInput(
        'networkKeys',
        `No network has the key ${unknown.map((key) => `"${key}"`).join(', ')}`,
      );
    }
    const operations = [...new Set(input.operations)];
    if (!operations.length || !operations.every(isApiOperation)) {
      throw badInput('operations', 'Name at least one operation the credential may perform');
    }
    const now = this.clock.now().getTime();
    const expiresAt = input.expiresAt ?? new Date(now + DEFAULT_LIFETIME_DAYS * DAY_MS);
    if (
      Number.isNaN(expiresAt.getTime()) ||
      expiresAt.getTime() <= now ||
      expiresAt.getTime() > now + MAX_LIFETIME_DAYS * DAY_MS
    ) {
      throw badInput(
        'expiresAt',
        `Expiry must be in the future and at most ${MAX_LIFETIME_DAYS} days ahead`,
      );
    }
    return { name, memberStateCode: input.memberStateCode, networkKeys, operations, expiresAt };
  }

  /**
   * The credential, locked for the change, if the caller may manage it. One
   * outside the caller's state answers NOT_FOUND, exactly like a missing one,
   * so ids cannot be probed; the attempt is audited.
   */
  private async findInScope(
    manager: EntityManager,
    by: CredentialManager,
    id: string,
    operation: string,
  ): Promise<ApiCredentialEntity> {
    const credential = UUID.test(id)
      ? await manager.findOne(ApiCredentialEntity, {
          where: { id },
          lock: { mode: 'pessimistic_write' },
        })
      : null;
    if (!credential) throw new NotFoundError('API credential', id);
    if (!CallerScope.ofUser(by.principal.user).canActOnState(credential.memberStateCode)) {
      await this.recordDenial(by, operation, { credential: credential.id });
      throw new NotFoundError('API credential', id);
    }
    return credential;
  }

  private event(
    by: CredentialManager,
    type: AuditEventType,
    credential: ApiCredentialEntity,
    details: NonNullable<AuditEvent['details']>,
  ): AuditEvent {
    return {
      type,
      actorId: by.principal.user.id,
      actorRole: by.principal.user.role,
      subjectType: 'api_credential',
      subjectId: credential.id,
      memberState: credential.memberStateCode,
      ip: by.origin.ip ?? null,
      requestId: by.origin.requestId ?? null,
      details,
    };
  }

  /** Object scope refused: audited like the guard's refusals, outside the failed transaction. */
  private async recordDenial(
    by: CredentialManager,
    operation: string,
    details: Record<string, string>,
  ): Promise<void> {
    const { user } = by.principal;
    await this.audit.recordNow({
      type: AuditEventType.AUTHORIZATION_DENIED,
      actorId: user.id,
      actorRole: user.role,
      memberState: user.memberStateCode,
      ip: by.origin.ip ?? null,
      requestId: by.origin.requestId ?? null,
      details: { operation, why: 'object-scope', ...details },
    });
  }
}
