import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditEventType, AuditService } from '@fpn/audit';
import { Clock, DomainError, ErrorCode, GatheredBatches } from '@fpn/core';
import { DataSource } from 'typeorm';
import { PasswordHasher } from '../passwords/password-hasher.service';
import { SessionEntity } from '../sessions/session.entity';
import { SessionRevocations } from '../sessions/session-revocations';
import { Sessions } from '../sessions/sessions.service';
import { AccessTokens } from '../tokens/access-tokens.service';
import { UserStatus } from '../users/role';
import { UserEntity } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { SessionStatement } from './session-statement';
import { SignInThrottle } from './sign-in-throttle.service';
import { type SecondFactor, TotpService } from '../mfa/totp.service';

export interface SignedIn {
  user: UserEntity;
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
}

/** Who is calling, as established from a valid access token and a live session. */
export interface Principal {
  user: UserEntity;
  sessionId: string;
}

const WRONG_CREDENTIALS = 'E-mail or password is incorrect';

/** Where a request came from, for the audit log. */
export interface RequestOrigin {
  ip?: string;
  requestId?: string;
}

const actor = (user: UserEntity) => ({
  actorId: user.id,
  actorRole: user.role,
  subjectType: 'user',
  subjectId: user.id,
  memberState: user.memberStateCode,
});

@Injectable()
export class AuthenticationService {
  /** Verified against when the e-mail is unknown, so both cases cost one Argon2id. */
  private decoyHash?: Promise<string>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly hasher: PasswordHasher,
    private readonly sessions: Sessions,
    private readonly tokens: AccessTokens,
    private readonly clock: Clock,
    private readonly throttle: SignInThrottle,
    private readonly audit: AuditService,
    private readonly totp: TotpService,
    private readonly revocations: SessionRevocations,
  ) {}

  private sessionStatement?: SessionStatement;

  /**
   * The session (with its account) of every request, read in gathered batches:
   * one statement for the requests that arrived while the previous one ran —
   * every operation on a device's socket authenticates, about once a second per
   * device. Each request gets its own copies of the entities.
   */
  private readonly sessionReads = new GatheredBatches<string, SessionEntity | null>(
    async (ids) => {
      this.sessionStatement ??= new SessionStatement(this.dataSource);
      const sessions = await this.sessionStatement.read([...new Set(ids)]);
      const byId = new Map(sessions.map((session) => [session.id, session]));
      return ids.map((id) => {
        const session = byId.get(id);
        if (!session) return { value: null };
        const copy = copyOf(session);
        copy.user = copyOf(session.user!); // inner join: always there
        return { value: copy };
      });
    },
    { maxBatch: 200 },
  );

  /** Unknown e-mail, wrong password and suspended account answer alike. */
  async verifyCredentials(
    email: string,
    password: string,
    origin: RequestOrigin = {},
    secondFactor: SecondFactor = {},
  ): Promise<UserEntity> {
    const failed = (reason: string, user?: UserEntity | null) =>
      this.audit.recordNow({
        type: AuditEventType.LOGIN_FAILED,
        subjectType: user ? 'user' : null,
        subjectId: user?.id ?? null,
        memberState: user?.memberStateCode ?? null,
        ip: origin.ip ?? null,
        requestId: origin.requestId ?? null,
        details: { reason },
      });
    // Counted before any hash is computed, so aliases and batches cannot outrun the delays.
    try {
      await this.throttle.reserve(email, origin.ip);
    } catch (error) {
      await failed('delayed');
      throw error;
    }
    const user = await this.users.findByEmail(email);
    if (!user?.passwordHash) {
      this.decoyHash ??= this.hasher.hash('decoy password never used');
      await this.hasher.verify(await this.decoyHash, password);
      await failed(user ? 'not-activated' : 'unknown-account');
      throw new DomainError(ErrorCode.Unauthenticated, WRONG_CREDENTIALS);
    }
    const { ok, needsRehash } = await this.hasher.verify(user.passwordHash, password);
    if (!ok || user.status !== UserStatus.ACTIVE) {
      await failed(ok ? 'suspended' : 'wrong-password', user);
      throw new DomainError(ErrorCode.Unauthenticated, WRONG_CREDENTIALS);
    }
    if (needsRehash) {
      user.passwordHash = await this.hasher.hash(password);
      await this.dataSource.manager.update(
        UserEntity,
        { id: user.id },
        { passwordHash: user.passwordHash },
      );
    }
    const second = await this.totp.checkSecondFactor(user, secondFactor);
    if (second !== 'ok') {
      await failed(second, user);
      throw second === 'second-factor-missing'
        ? new DomainError(
            ErrorCode.Unauthenticated,
            'Enter the one-time code of your authenticator app',
            {
              reason: 'MFA_REQUIRED',
            },
          )
        : new DomainError(ErrorCode.Unauthenticated, 'One-time code is incorrect', {
            reason: 'MFA_FAILED',
          });
    }
    await this.throttle.succeeded(email);
    return user;
  }

  async signIn(user: UserEntity, origin: RequestOrigin = {}): Promise<SignedIn> {
    return this.dataSource.transaction(async (manager) => {
      const { session, refreshToken } = await this.sessions.start(manager, user.id);
      await this.audit.record(manager, {
        type: AuditEventType.LOGIN_SUCCEEDED,
        ...actor(user),
        ip: origin.ip ?? null,
        requestId: origin.requestId ?? null,
        details: { session: session.id },
      });
      return this.signedIn(user, session.id, refreshToken);
    });
  }

  async refresh(presented: string): Promise<SignedIn> {
    const outcome = await this.dataSource.transaction(async (manager) => {
      const result = await this.sessions.refresh(manager, presented);
      if (result.kind === 'reused') {
        await this.sessions.revoke(manager, result.session.id, 'refresh-token-reuse');
        await this.audit.record(manager, {
          type: AuditEventType.REFRESH_TOKEN_REUSED,
          subjectType: 'user',
          subjectId: result.session.userId,
          details: { session: result.session.id, outcome: 'session revoked' },
        });
        return result;
      }
      const user = await manager.findOneByOrFail(UserEntity, { id: result.session.userId });
      if (user.status !== UserStatus.ACTIVE) {
        throw new DomainError(ErrorCode.Unauthenticated, 'Refresh token is invalid or expired');
      }
      return { ...result, user };
    });
    if (outcome.kind === 'reused') {
      await this.revocations.announce({ sessionId: outcome.session.id });
      throw new DomainError(
        ErrorCode.Unauthenticated,
        'Refresh token was already used; the session has been ended',
        { reason: 'REFRESH_TOKEN_REUSED' },
      );
    }
    return this.signedIn(outcome.user, outcome.session.id, outcome.refreshToken);
  }

  async signOut(principal: Principal): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.sessions.revoke(manager, principal.sessionId, 'logout');
      await this.audit.record(manager, {
        type: AuditEventType.LOGOUT,
        ...actor(principal.user),
        details: { session: principal.sessionId },
      });
    });
    await this.revocations.announce({ sessionId: principal.sessionId });
  }

  /** Every request: a valid token, a live session, an active account. */
  async authenticate(accessToken: string): Promise<Principal> {
    const claims = this.tokens.verify(accessToken);
    const session = await this.sessionReads.submit(claims.sid);
    const user = session?.user;
    if (
      !session ||
      !user ||
      user.id !== claims.sub ||
      session.revokedAt ||
      session.expiresAt <= this.clock.now() ||
      user.status !== UserStatus.ACTIVE
    ) {
      throw new DomainError(ErrorCode.Unauthenticated, 'Session has ended; sign in again');
    }
    return { user, sessionId: session.id };
  }

  private signedIn(user: UserEntity, sessionId: string, refreshToken: string): SignedIn {
    const access = this.tokens.issue({
      sub: user.id,
      sid: sessionId,
      role: user.role,
      state: user.memberStateCode,
    });
    return {
      user,
      accessToken: access.token,
      accessTokenExpiresAt: access.expiresAt,
      refreshToken,
    };
  }
}

/** A shallow copy that keeps the entity's class. */
function copyOf<T extends object>(entity: T): T {
  return Object.assign(Object.create(Object.getPrototypeOf(entity) as object) as T, entity);
}
