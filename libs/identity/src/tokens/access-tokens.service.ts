import { createSecretKey, type KeyObject } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AppConfig } from '@fpn/config';
import { Clock, DomainError, ErrorCode } from '@fpn/core';
import type { Role } from '../users/role';

/** What an access token says; the session and user are still checked on every request. */
export interface AccessTokenClaims {
  sub: string;
  sid: string;
  role: Role;
  state: string | null;
}

const ALGORITHM = 'HS256';
const AUDIENCE = 'fpn-api';

/** Short-lived access JWTs: one fixed algorithm; issuer, audience and expiry always checked. */
@Injectable()
export class AccessTokens {
  /**
   * The HMAC key, made once from JWT_SECRET's bytes (what jsonwebtoken makes of
   * the string itself). Given a string, jsonwebtoken first tries to read it as
   * a PEM key — a thrown and caught exception on every request — before it
   * falls back to an HMAC key; given a KeyObject it goes straight to the HMAC.
   * @nestjs/jwt's option types name only string and Buffer.
   */
  private readonly key: string;

  constructor(
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {
    const key: KeyObject = createSecretKey(Buffer.from(config.auth.jwtSecret));
    this.key = key as unknown as string;
  }

  issue(claims: AccessTokenClaims): { token: string; expiresAt: Date } {
    const now = Math.floor(this.clock.now().getTime() / 1000);
    const exp = now + this.config.auth.accessTokenTtlSeconds;
    const token = this.jwt.sign(
      { ...claims, iat: now, exp },
      {
        secret: this.key,
        algorithm: ALGORITHM,
        issuer: this.config.auth.issuer,
        audience: AUDIENCE,
      },
    );
    return { token, expiresAt: new Date(exp * 1000) };
  }

  verify(token: string): AccessTokenClaims {
    try {
      const payload = this.jwt.verify<AccessTokenClaims & { exp: number }>(token, {
        secret: this.key,
        algorithms: [ALGORITHM],
        issuer: this.config.auth.issuer,
        audience: AUDIENCE,
        clockTimestamp: Math.floor(this.clock.now().getTime() / 1000),
      });
      return { sub: payload.sub, sid: payload.sid, role: payload.role, state: payload.state };
    } catch {
      throw new DomainError(ErrorCode.Unauthenticated, 'Access token is invalid or expired');
    }
  }
}
