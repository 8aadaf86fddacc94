import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Clock, DomainError, ErrorCode } from '@fpn/core';
import { DataSource } from 'typeorm';
import { PasswordHasher } from '../passwords/password-hasher.service';
import { SessionEntity } from '../sessions/session.entity';
import { Sessions } from '../sessions/sessions.service';
import { AccessTokens } from '../tokens/access-tokens.service';
import { UserStatus } from '../users/role';
import { UserEntity } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { SignInThrottle } from './sign-in-throttle.service';

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
  ) {}

  /** Unknown e-mail, wrong password and suspended account answer alike. */
  async verifyCredentials(email: string, password: string, address?: string): Promise<UserEntity> {
    // Counted before any hash is computed, so aliases and batches cannot outrun the delays.
    await this.throttle.reserve(email, address);
    const user = await this.users.findByEmail(email);
    if (!user?.passwordHash) {
      this.decoyHash ??= this.hasher.hash('decoy password never used');
      await this.hasher.verify(await this.decoyHash, password);
      throw new DomainError(ErrorCode.Unauthenticated, WRONG_CREDENTIALS);
    }
    const { ok, needsRehash } = await this.hasher.verify(user.passwordHash, password);
    if (!ok || user.status !== UserStatus.ACTIVE) {
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
    await this.throttle.succeeded(email);
    return user;
  }

  async signIn(user: UserEntity): Promise<SignedIn> {
    return this.dataSource.transaction(async (manager) => {
      const { session, refreshToken } = await this.sessions.start(manager, user.id);
      return this.signedIn(user, session.id, refreshToken);
    });
  }

  async refresh(presented: string): Promise<SignedIn> {
    const outcome = await this.dataSource.transaction(async (manager) => {
      const result = await this.sessions.refresh(manager, presented);
      if (result.kind === 'reused') {
        await this.sessions.revoke(manager, result.session.id, 'refresh-token-reuse');
        return result;
      }
      const user = await manager.findOneByOrFail(UserEntity, { id: result.session.userId });
      if (user.status !== UserStatus.ACTIVE) {
        throw new DomainError(ErrorCode.Unauthenticated, 'Refresh token is invalid or expired');
      }
      return { ...result, user };
    });
    if (outcome.kind === 'reused') {
      throw new DomainError(
        ErrorCode.Unauthenticated,
        'Refresh token was already used; the session has been ended',
        { reason: 'REFRESH_TOKEN_REUSED' },
      );
    }
    return this.signedIn(outcome.user, outcome.session.id, outcome.refreshToken);
  }

  async signOut(principal: Principal): Promise<void> {
    await this.sessions.revoke(this.dataSource.manager, principal.sessionId, 'logout');
  }

  /** Every request: a valid token, a live session, an active account. */
  async authenticate(accessToken: string): Promise<Principal> {
    const claims = this.tokens.verify(accessToken);
    const session = await this.dataSource.manager.findOne(SessionEntity, {
      where: { id: claims.sid },
      relations: { user: true },
    });
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
