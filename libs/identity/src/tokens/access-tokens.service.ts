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
/** Tokens whose signature and claims were checked, kept until they expire (the oldest go first). */
const VERIFIED_TOKENS = 10_000;

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
  /**
   * Tokens already verified, by their exact text, with their expiry: a device
   * confirming over its socket presents the same token with every operation
   * (each a PolicyGuard check), and a signature verified once stays verified.
   * Expiry is checked again on every use; the session behind it is read
   * every time regardless.
   */
  private readonly verified = new Map<string, { claims: AccessTokenClaims; exp: number }>();

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
    const now = Math.floor(this.clock.now().getTime() / 1000);
    const known = this.verified.get(token);
    if (known && now < known.exp) return known.claims;
    let payload: AccessTokenClaims & { exp: number };
    try {
      payload = this.jwt.verify<AccessTokenClaims & { exp: number }>(token, {
        secret: this.key,
        algorithms: [ALGORITHM],
        issuer: this.config.auth.issuer,
        audience: AUDIENCE,
        clockTimestamp: now,
      });
    } catch {
      this.verified.delete(token);
      throw new DomainError(ErrorCode.Unauthenticated, 'Access token is invalid or expired');
    }
    const claims = { sub: payload.sub, sid: payload.sid, role: payload.role, state: payload.state };
    if (this.verified.size >= VERIFIED_TOKENS) {
      this.verified.delete(this.verified.keys().next().value!);
    }
    this.verified.set(token, { claims, exp: payload.exp });
    return claims;
  }
}
