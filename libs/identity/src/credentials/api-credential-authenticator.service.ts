import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditEventType, AuditService } from '@fpn/audit';
import { Clock, DomainError, ErrorCode } from '@fpn/core';
import { RedisService } from '@fpn/queue';
import { DataSource } from 'typeorm';
import type { RequestOrigin } from '../auth/authentication.service';
import { type AuthenticatedApiCredential, ApiCredentialEntity } from './api-credential.entity';
import {
  hashApiCredentialSecret,
  parseApiCredentialToken,
  sameSecretHash,
} from './api-credential-token';

/** Why a presented credential was refused; for the audit log only, never for the caller. */
export type ApiCredentialRejection =
  | 'malformed'
  | 'unknown-credential'
  | 'wrong-secret'
  | 'previous-secret-expired'
  | 'revoked'
  | 'expired';

/** One answer for every refusal, so a caller learns nothing about which part was wrong. */
const REJECTED = 'API credential is invalid, expired or revoked';

/** Rejected credentials one address may present before it must wait (each is audited). */
export const CREDENTIAL_REJECTIONS_PER_ADDRESS = 20;
const REJECTION_WINDOW_SECONDS = 15 * 60;

/** last_used_at is written at most this often per credential. */
const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * Authenticates a ministry system's `fpn_…` bearer token: find the row by the
 * id in the token, compare the secret's hash in constant time (the previous
 * secret too, during a rotation's grace period), refuse expired and revoked
 * credentials. Every refusal is audited, never with the token.
 */
@Injectable()
export class ApiCredentialAuthenticator {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly redis: RedisService,
  ) {}

  async authenticate(
    token: string,
    origin: RequestOrigin = {},
  ): Promise<AuthenticatedApiCredential> {
    const parsed = parseApiCredentialToken(token);
    if (!parsed) throw await this.rejected('malformed', origin);
    const credential = await this.dataSource.manager.findOneBy(ApiCredentialEntity, {
      id: parsed.id,
    });
    if (!credential) throw await this.rejected('unknown-credential', origin, parsed.id);

    const now = this.clock.now();
    const reason = rejectionOf(credential, hashApiCredentialSecret(parsed.secret), now);
    if (reason) throw await this.rejected(reason, origin, credential.id, credential);

    await this.touch(credential, now);
    return withoutHashes(credential);
  }

  /** A conditional UPDATE: concurrent requests within the minute write nothing. */
  private async touch(credential: ApiCredentialEntity, now: Date): Promise<void> {
    const threshold = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
    if (credential.lastUsedAt && credential.lastUsedAt > threshold) return;
    const result = await this.dataSource.manager
      .createQueryBuilder()
      .update(ApiCredentialEntity)
      .set({ lastUsedAt: now })
      .where('id = :id AND (last_used_at IS NULL OR last_used_at <= :threshold)', {
        id: credential.id,
        threshold,
      })
      .execute();
    if (result.affected) credential.lastUsedAt = now;
  }

  /**
   * Counts a rejection for the address; past the limit the address is answered
   * RATE_LIMITED and only the first refusal over it is audited, so a flood of
   * bad tokens cannot fill the audit log. A good credential from the same
   * address still works (a ministry behind a shared gateway is not locked out).
   * Shared by every replica through Redis.
   */
  private async countRejection(
    origin: RequestOrigin,
  ): Promise<{ count: number; ttlSeconds: number } | undefined> {
    if (!origin.ip) return undefined;
    const key = this.redis.key('credential-rejections', origin.ip);
    const result = await this.redis.client
      .multi()
      .incr(key)
      .expire(key, REJECTION_WINDOW_SECONDS, 'NX')
      .ttl(key)
      .exec();
    return {
      count: Number(result?.[0]?.[1] ?? 0),
      ttlSeconds: Math.max(Number(result?.[2]?.[1] ?? REJECTION_WINDOW_SECONDS), 1),
    };
  }

  private async rejected(
    reason: ApiCredentialRejection,
    origin: RequestOrigin,
    credentialId?: string,
    credential?: ApiCredentialEntity,
  ): Promise<DomainError> {
    const counted = await this.countRejection(origin);
    const over = counted ? counted.count - CREDENTIAL_REJECTIONS_PER_ADDRESS : 0;
    // Past the limit only the first refusal is audited (as throttled); the rest wait.
    if (over > 1) return this.throttled(counted!.ttlSeconds);
    await this.audit.recordNow({
      type: AuditEventType.API_CREDENTIAL_REJECTED,
      subjectType: credentialId ? 'api_credential' : null,
      subjectId: credentialId ?? null,
      memberState: credential?.memberStateCode ?? null,
      ip: origin.ip ?? null,
      requestId: origin.requestId ?? null,
      details: over === 1 ? { reason, throttled: true } : { reason },
    });
    return over === 1
      ? this.throttled(counted!.ttlSeconds)
      : new DomainError(ErrorCode.Unauthenticated, REJECTED);
  }

  private throttled(retryAfterSeconds: number): DomainError {
    return new DomainError(
      ErrorCode.RateLimited,
      'Too many invalid API credentials from this address; try again later',
      { retryAfterSeconds },
    );
  }
}

/** Why a credential presented with this secret is refused now, if it is. */
function rejectionOf(
  credential: ApiCredentialEntity,
  presentedHash: string,
  now: Date,
): ApiCredentialRejection | undefined {
  if (!sameSecretHash(presentedHash, credential.secretHash)) {
    if (!sameSecretHash(presentedHash, credential.previousSecretHash)) return 'wrong-secret';
    const graceEnds = credential.previousSecretValidUntil;
    if (!graceEnds || graceEnds <= now) return 'previous-secret-expired';
  }
  if (credential.revokedAt) return 'revoked';
  if (credential.expiresAt <= now) return 'expired';
  return undefined;
}

function withoutHashes(credential: ApiCredentialEntity): AuthenticatedApiCredential {
  const {
    secretHash: _secretHash,
    previousSecretHash: _previousSecretHash,
    previousSecretValidUntil: _previousSecretValidUntil,
    memberState: _memberState,
    creator: _creator,
    revoker: _revoker,
    ...rest
  } = credential;
  return rest;
}
