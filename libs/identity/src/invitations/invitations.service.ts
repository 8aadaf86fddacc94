import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditEventType, AuditService } from '@fpn/audit';
import { AppConfig } from '@fpn/config';
import { Clock, DomainError, ErrorCode } from '@fpn/core';
import { NotificationKind, NotificationsService } from '@fpn/notifications';
import { DataSource, type EntityManager, IsNull } from 'typeorm';
import type { RequestOrigin } from '../auth/authentication.service';
import { PasswordHasher } from '../passwords/password-hasher.service';
import { assertAcceptablePassword } from '../passwords/password-policy';
import { UserStatus } from '../users/role';
import { UserEntity } from '../users/user.entity';
import { InvitationEntity, InvitationPurpose } from './invitation.entity';

const HOUR_MS = 3_600_000;

export const hashInvitationToken = (token: string) =>
  createHash('sha256').update(token).digest('hex');

const INVALID = 'Invitation is invalid, used or expired; ask for a new one';

/**
 * One-time, expiring invitations: the only way a person sets a password,
 * whether for a new account or after a reset. The token travels only in the
 * e-mail (sealed in the outbox until sent) and is stored here hashed.
 */
@Injectable()
export class Invitations {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
  ) {}

  /**
   * Voids the user's open invitations and queues a fresh one by e-mail, in the
   * caller's transaction. Call `notifications.dispatchSoon()` after commit.
   */
  async issue(
    manager: EntityManager,
    user: UserEntity,
    purpose: InvitationPurpose,
    issuedBy: string | null,
  ): Promise<InvitationEntity> {
    const now = this.clock.now();
    await this.voidOpen(manager, user.id);
    const token = randomBytes(32).toString('base64url');
    const invitation = manager.create(InvitationEntity, {
      id: randomUUID(),
      userId: user.id,
      purpose,
      tokenHash: hashInvitationToken(token),
      createdBy: issuedBy,
      createdAt: now,
      expiresAt: new Date(now.getTime() + this.config.auth.invitationTtlHours * HOUR_MS),
      usedAt: null,
      voidedAt: null,
    });
    await manager.insert(InvitationEntity, invitation);
    await this.notifications.notify(manager, {
      userId: user.id,
      kind:
        purpose === InvitationPurpose.INVITE
          ? NotificationKind.INVITATION
          : NotificationKind.CREDENTIALS_RESET,
      params: {
        displayName: user.displayName,
        role: user.role,
        memberStateCode: user.memberStateCode,
        expiresAt: invitation.expiresAt.toISOString(),
      },
      inApp: false,
      email: { to: user.email, language: user.language, secrets: { token } },
    });
    return invitation;
  }

  async voidOpen(manager: EntityManager, userId: string): Promise<void> {
    await manager.update(
      InvitationEntity,
      { userId, usedAt: IsNull(), voidedAt: IsNull() },
      { voidedAt: this.clock.now() },
    );
  }

  /**
   * Sets the password the invitation was for and uses the invitation up. The
   * caller signs the person in; roles that must use TOTP then enrol it first.
   */
  async accept(token: string, password: string, origin: RequestOrigin): Promise<UserEntity> {
    const refused = async (reason: string, user?: UserEntity) => {
      await this.audit.recordNow({
        type: AuditEventType.INVITATION_REFUSED,
        subjectType: user ? 'user' : null,
        subjectId: user?.id ?? null,
        memberState: user?.memberStateCode ?? null,
        ip: origin.ip ?? null,
        requestId: origin.requestId ?? null,
        details: { reason },
      });
      return new DomainError(ErrorCode.Unauthenticated, INVALID, { reason: 'INVITATION_INVALID' });
    };
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) throw await refused('malformed');
    const found = await this.dataSource.manager.findOne(InvitationEntity, {
      where: { tokenHash: hashInvitationToken(token) },
      relations: { user: true },
    });
    const user = found?.user;
    if (!found || !user) throw await refused('unknown');
    if (found.usedAt) throw await refused('used', user);
    if (found.voidedAt) throw await refused('voided', user);
    if (found.expiresAt <= this.clock.now()) throw await refused('expired', user);
    if (user.status !== UserStatus.ACTIVE) throw await refused('suspended', user);
    // Checked before hashing: a weak password costs no Argon2id and keeps the invitation.
    assertAcceptablePassword(password, user);
    const passwordHash = await this.hasher.hash(password);

    return this.dataSource.transaction(async (manager) => {
      // Only one acceptance wins, even when two arrive together.
      const used = await manager.update(
        InvitationEntity,
        { id: found.id, usedAt: IsNull(), voidedAt: IsNull() },
        { usedAt: this.clock.now() },
      );
      if (!used.affected) throw await refused('used', user);
      const now = this.clock.now();
      await manager.update(UserEntity, { id: user.id }, { passwordHash, passwordChangedAt: now });
      await this.audit.record(manager, {
        type:
          found.purpose === InvitationPurpose.INVITE
            ? AuditEventType.ACCOUNT_ACTIVATED
            : AuditEventType.CREDENTIAL_PASSWORD_CHANGED,
        actorId: user.id,
        actorRole: user.role,
        subjectType: 'user',
        subjectId: user.id,
        memberState: user.memberStateCode,
        ip: origin.ip ?? null,
        requestId: origin.requestId ?? null,
        details: { invitation: found.id, purpose: found.purpose },
      });
      return Object.assign(user, { passwordHash, passwordChangedAt: now });
    });
  }
}
