import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '@fpn/config';
import { Clock, DomainError, ErrorCode } from '@fpn/core';
import { type EntityManager, IsNull } from 'typeorm';
import { RefreshTokenEntity } from './refresh-token.entity';
import { SessionEntity } from './session.entity';

const DAY_MS = 86_400_000;

export const hashRefreshToken = (token: string) => createHash('sha256').update(token).digest('hex');

export type RevocationReason =
  'logout' | 'refresh-token-reuse' | 'suspended' | 'reset' | 'role-changed';

export type RefreshOutcome =
  | { kind: 'rotated'; session: SessionEntity; refreshToken: string }
  | { kind: 'reused'; session: SessionEntity };

/**
 * Sessions and their rotating refresh tokens. A refresh token is opaque, shown
 * once and stored hashed; each works once. Presenting one that was already
 * exchanged means it was copied: the whole session (the token family) ends.
 */
@Injectable()
export class Sessions {
  constructor(
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async start(manager: EntityManager, userId: string) {
    const now = this.clock.now();
    const session = manager.create(SessionEntity, {
      id: randomUUID(),
      userId,
      createdAt: now,
      lastRefreshedAt: now,
      expiresAt: new Date(now.getTime() + this.config.auth.sessionTtlDays * DAY_MS),
      revokedAt: null,
      revokedReason: null,
    });
    await manager.insert(SessionEntity, session);
    const refreshToken = await this.issueRefreshToken(manager, session.id);
    return { session, refreshToken };
  }

  async refresh(manager: EntityManager, presented: string): Promise<RefreshOutcome> {
    const invalid = new DomainError(
      ErrorCode.Unauthenticated,
      'Refresh token is invalid or expired',
    );
    const token = await manager.findOne(RefreshTokenEntity, {
      where: { tokenHash: hashRefreshToken(presented) },
      relations: { session: true },
      lock: { mode: 'pessimistic_write', tables: ['refresh_token'] },
    });
    const session = token?.session;
    if (!token || !session) throw invalid;
    const now = this.clock.now();
    if (token.usedAt) return { kind: 'reused', session };
    if (session.revokedAt || session.expiresAt <= now) throw invalid;
    await manager.update(RefreshTokenEntity, { id: token.id }, { usedAt: now });
    await manager.update(SessionEntity, { id: session.id }, { lastRefreshedAt: now });
    return {
      kind: 'rotated',
      session,
      refreshToken: await this.issueRefreshToken(manager, session.id),
    };
  }

  async revoke(manager: EntityManager, sessionId: string, reason: RevocationReason): Promise<void> {
    await manager.update(
      SessionEntity,
      { id: sessionId, revokedAt: IsNull() },
      { revokedAt: this.clock.now(), revokedReason: reason },
    );
  }

  async revokeAllOf(
    manager: EntityManager,
    userId: string,
    reason: RevocationReason,
  ): Promise<number> {
    const result = await manager.update(
      SessionEntity,
      { userId, revokedAt: IsNull() },
      { revokedAt: this.clock.now(), revokedReason: reason },
    );
    return result.affected ?? 0;
  }

  private async issueRefreshToken(manager: EntityManager, sessionId: string): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await manager.insert(RefreshTokenEntity, {
      id: randomUUID(),
      sessionId,
      tokenHash: hashRefreshToken(token),
      issuedAt: this.clock.now(),
      usedAt: null,
    });
    return token;
  }
}
