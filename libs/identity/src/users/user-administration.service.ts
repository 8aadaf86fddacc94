import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditEventType, AuditService } from '@fpn/audit';
import { Clock, DomainError, ErrorCode, Language } from '@fpn/core';
import { NotificationKind, NotificationsService } from '@fpn/notifications';
import { Brackets, DataSource, type EntityManager } from 'typeorm';
import { memberStateExists } from '../common/reference-data';
import type { Principal, RequestOrigin } from '../auth/authentication.service';
import { InvitationPurpose } from '../invitations/invitation.entity';
import { Invitations } from '../invitations/invitations.service';
import { RecoveryCodeEntity } from '../mfa/recovery-code.entity';
import { SessionRevocations } from '../sessions/session-revocations';
import { Sessions } from '../sessions/sessions.service';
import { isSecretariat, Role, UserStatus } from './role';
import { UserEntity } from './user.entity';
import { assertEmailFree, type NewUser, validateNewUser } from './users.service';

export interface UserFilter {
  memberStateCode?: string | null;
  role?: Role | null;
  status?: UserStatus | null;
  /** Part of the name or e-mail. */
  search?: string | null;
}

export interface UserPage {
  users: UserEntity[];
  nextCursor: string | null;
}

/** Which accounts a role may manage (reset, suspend, reactivate). */
const MANAGEABLE: Record<Role, readonly Role[]> = {
  [Role.SECRETARIAT_ADMIN]: Object.values(Role),
  [Role.SECRETARIAT_OFFICER]: [Role.STATE_COORDINATOR, Role.FOCAL_POINT],
  [Role.STATE_COORDINATOR]: [Role.STATE_COORDINATOR, Role.FOCAL_POINT],
  [Role.FOCAL_POINT]: [],
};

const encodeCursor = (user: UserEntity) =>
  Buffer.from(JSON.stringify([user.email, user.id])).toString('base64url');

function decodeCursor(cursor: string): [string, string] {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string')) {
      return value as [string, string];
    }
  } catch {
    // falls through
  }
  throw new DomainError(ErrorCode.BadUserInput, 'Cursor is not valid', { field: 'after' });
}

/**
 * Account administration by the Secretariat and the states' coordinators:
 * invitations, resets, suspension, and reading the accounts in scope. A
 * coordinator sees and manages the accounts of their own state only; others
 * are NOT_FOUND to them, as if they did not exist.
 */
@Injectable()
export class UserAdministration {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly invitations: Invitations,
    private readonly sessions: Sessions,
    private readonly revocations: SessionRevocations,
    private readonly notifications: NotificationsService,
  ) {}

  /** A new account, inactive until its invitation is accepted. The Secretariat only. */
  async invite(
    actor: Principal,
    input: NewUser & { language?: Language | null },
    origin: RequestOrigin,
  ): Promise<UserEntity> {
    const fields = validateNewUser(input);
    if (!MANAGEABLE[actor.user.role].includes(fields.role) || !isSecretariat(actor.user.role)) {
      throw new DomainError(ErrorCode.Forbidden, `Your role cannot invite a ${fields.role}`);
    }
    const user = await this.dataSource.transaction(async (manager) => {
      await assertEmailFree(manager, fields.email);
      if (fields.memberStateCode) await this.assertMemberState(manager, fields.memberStateCode);
      const created = manager.create(UserEntity, {
        ...fields,
        language: input.language ?? Language.EN,
        status: UserStatus.ACTIVE,
        passwordHash: null,
        passwordChangedAt: null,
      });
      await manager.save(created);
      const invitation = await this.invitations.issue(
        manager,
        created,
        InvitationPurpose.INVITE,
        actor.user.id,
      );
      await this.audit.record(manager, {
        ...this.event(actor, created, origin),
        type: AuditEventType.ACCOUNT_CREATED,
        details: { role: created.role, invitation: invitation.id },
      });
      return created;
    });
    await this.notifications.dispatchSoon();
    return user;
  }

  /**
   * Ends every session, removes the password (and TOTP unless kept) and sends
   * a fresh invitation. Also how an unanswered invitation is sent again.
   */
  async resetAccess(
    actor: Principal,
    userId: string,
    options: { resetTotp: boolean },
    origin: RequestOrigin,
  ): Promise<UserEntity> {
    const user = await this.dataSource.transaction(async (manager) => {
      const target = await this.manageable(manager, actor, userId);
      const ended = await this.sessions.revokeAllOf(manager, target.id, 'reset');
      const totpRemoved = options.resetTotp && target.totpEnabledAt !== null;
      await manager.update(
        UserEntity,
        { id: target.id },
        {
          passwordHash: null,
          passwordChangedAt: null,
          ...(options.resetTotp
            ? { totpSecret: null, totpEnabledAt: null, totpLastStep: null }
            : {}),
        },
      );
      if (options.resetTotp) await manager.delete(RecoveryCodeEntity, { userId: target.id });
      const invitation = await this.invitations.issue(
        manager,
        target,
        InvitationPurpose.RESET,
        actor.user.id,
      );
      await this.audit.record(manager, {
        ...this.event(actor, target, origin),
        type: AuditEventType.ACCESS_RESET,
        details: { sessionsEnded: ended, totpRemoved, invitation: invitation.id },
      });
      return manager.findOneByOrFail(UserEntity, { id: target.id });
    });
    await this.revocations.announce({ userId: user.id });
    await this.notifications.dispatchSoon();
    return user;
  }

  /** Ends every session at once (open subscriptions included) and refuses sign-in. */
  async suspend(
    actor: Principal,
    userId: string,
    reason: string,
    origin: RequestOrigin,
  ): Promise<UserEntity> {
    const why = reason.trim();
    if (why.length < 3 || why.length > 500) {
      throw new DomainError(ErrorCode.BadUserInput, 'Give a reason of 3 to 500 characters', {
        field: 'reason',
      });
    }
    const user = await this.dataSource.transaction(async (manager) => {
      const target = await this.manageable(manager, actor, userId);
      if (target.status === UserStatus.SUSPENDED) {
        throw new DomainError(ErrorCode.Conflict, 'The account is already suspended');
      }
      await manager.update(UserEntity, { id: target.id }, { status: UserStatus.SUSPENDED });
      const ended = await this.sessions.revokeAllOf(manager, target.id, 'suspended');
      await this.invitations.voidOpen(manager, target.id);
      await this.audit.record(manager, {
        ...this.event(actor, target, origin),
        type: AuditEventType.ACCOUNT_SUSPENDED,
        details: { reason: why, sessionsEnded: ended },
      });
      await this.notifications.notify(manager, {
        userId: target.id,
        kind: NotificationKind.ACCOUNT_SUSPENDED,
        params: { displayName: target.displayName },
        inApp: false,
        email: { to: target.email, language: target.language },
      });
      return manager.findOneByOrFail(UserEntity, { id: target.id });
    });
    await this.revocations.announce({ userId: user.id });
    await this.notifications.dispatchSoon();
    return user;
  }

  async reactivate(actor: Principal, userId: string, origin: RequestOrigin): Promise<UserEntity> {
    const user = await this.dataSource.transaction(async (manager) => {
      const target = await this.manageable(manager, actor, userId);
      if (target.status === UserStatus.ACTIVE) {
        throw new DomainError(ErrorCode.Conflict, 'The account is already active');
      }
      await manager.update(UserEntity, { id: target.id }, { status: UserStatus.ACTIVE });
      await this.audit.record(manager, {
        ...this.event(actor, target, origin),
        type: AuditEventType.ACCOUNT_REACTIVATED,
      });
      await this.notifications.notify(manager, {
        userId: target.id,
        kind: NotificationKind.ACCOUNT_REACTIVATED,
        params: { displayName: target.displayName },
        email: { to: target.email, language: target.language },
      });
      return manager.findOneByOrFail(UserEntity, { id: target.id });
    });
    await this.notifications.dispatchSoon();
    return user;
  }

  /**
   * A new role (and state, for coordinators and focal points). Secretariat
   * admins only. Every session ends, so no token carries the old role; a role
   * that must use TOTP has to enrol it at the next sign-in.
   */
  async changeRole(
    actor: Principal,
    userId: string,
    change: { role: Role; memberStateCode?: string | null },
    origin: RequestOrigin,
  ): Promise<UserEntity> {
    const user = await this.dataSource.transaction(async (manager) => {
      const target = await this.manageable(manager, actor, userId);
      const fields = validateNewUser({
        email: target.email,
        displayName: target.displayName,
        role: change.role,
        memberStateCode: change.memberStateCode,
      });
      if (fields.role === target.role && fields.memberStateCode === target.memberStateCode) {
        throw new DomainError(ErrorCode.Conflict, 'The account already has this role');
      }
      if (fields.memberStateCode) await this.assertMemberState(manager, fields.memberStateCode);
      await manager.update(
        UserEntity,
        { id: target.id },
        { role: fields.role, memberStateCode: fields.memberStateCode },
      );
      const ended = await this.sessions.revokeAllOf(manager, target.id, 'role-changed');
      await this.audit.record(manager, {
        ...this.event(actor, target, origin),
        type: AuditEventType.ROLE_CHANGED,
        details: {
          from: target.role,
          to: fields.role,
          fromState: target.memberStateCode,
          toState: fields.memberStateCode,
          sessionsEnded: ended,
        },
      });
      return manager.findOneByOrFail(UserEntity, { id: target.id });
    });
    await this.revocations.announce({ userId: user.id });
    return user;
  }

  /** One account in the caller's scope, else NOT_FOUND. */
  async get(actor: Principal, userId: string): Promise<UserEntity> {
    const user = await this.findInScope(this.dataSource.manager, actor, userId);
    if (!user) throw this.notFound();
    return user;
  }

  /** Accounts in the caller's scope, by e-mail. */
  async list(actor: Principal, filter: UserFilter, first: number, after?: string | null) {
    if (first < 1 || first > 100) {
      throw new DomainError(ErrorCode.BadUserInput, 'first must be between 1 and 100', {
        field: 'first',
      });
    }
    const ownState = actor.user.role === Role.STATE_COORDINATOR ? actor.user.memberStateCode : null;
    const asked = filter.memberStateCode?.toUpperCase();
    if (ownState && asked && asked !== ownState) {
      throw new DomainError(
        ErrorCode.Forbidden,
        'You can list the accounts of your own state only',
      );
    }
    const query = this.dataSource.manager
      .createQueryBuilder(UserEntity, 'u')
      .orderBy('u.email', 'ASC')
      .addOrderBy('u.id', 'ASC')
      .take(first + 1);
    const state = ownState ?? asked;
    if (state) query.andWhere('u.member_state_code = :state', { state });
    if (filter.role) query.andWhere('u.role = :role', { role: filter.role });
    if (filter.status) query.andWhere('u.status = :status', { status: filter.status });
    if (filter.search?.trim()) {
      const pattern = `%${filter.search.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      query.andWhere(
        new Brackets((where) =>
          where
            .where('u.email ILIKE :pattern', { pattern })
            .orWhere('u.display_name ILIKE :pattern', { pattern }),
        ),
      );
    }
    if (after) {
      const [email, id] = decodeCursor(after);
      query.andWhere('(u.email, u.id) > (:email, :id)', { email, id });
    }
    const rows = await query.getMany();
    const users = rows.slice(0, first);
    return {
      users,
      nextCursor: rows.length > first ? encodeCursor(users[users.length - 1]) : null,
    } satisfies UserPage;
  }

  private async findInScope(manager: EntityManager, actor: Principal, userId: string) {
    if (!/^[0-9a-f-]{36}$/i.test(userId)) return null;
    const user = await manager.findOneBy(UserEntity, { id: userId });
    if (!user) return null;
    if (isSecretariat(actor.user.role)) return user;
    if (
      actor.user.role === Role.STATE_COORDINATOR &&
      user.memberStateCode === actor.user.memberStateCode
    ) {
      return user;
    }
    return null;
  }

  /** The target, locked, when the caller may manage it. */
  private async manageable(
    manager: EntityManager,
    actor: Principal,
    userId: string,
  ): Promise<UserEntity> {
    const visible = await this.findInScope(manager, actor, userId);
    if (!visible) throw this.notFound();
    if (visible.id === actor.user.id) {
      throw new DomainError(
        ErrorCode.Forbidden,
        'Another administrator must do this for your own account',
      );
    }
    if (!MANAGEABLE[actor.user.role].includes(visible.role)) {
      throw new DomainError(ErrorCode.Forbidden, `Your role cannot manage a ${visible.role}`);
    }
    return manager.findOneOrFail(UserEntity, {
      where: { id: userId },
      lock: { mode: 'pessimistic_write' },
    });
  }

  private async assertMemberState(manager: EntityManager, code: string): Promise<void> {
    if (!(await memberStateExists(manager, code))) {
      throw new DomainError(ErrorCode.BadUserInput, `No member state has the code ${code}`, {
        field: 'memberStateCode',
      });
    }
  }

  private notFound() {
    return new DomainError(ErrorCode.NotFound, 'No such account');
  }

  private event(actor: Principal, target: UserEntity, origin: RequestOrigin) {
    return {
      actorId: actor.user.id,
      actorRole: actor.user.role,
      subjectType: 'user',
      subjectId: target.id,
      memberState: target.memberStateCode,
      ip: origin.ip ?? null,
      requestId: origin.requestId ?? null,
    };
  }
}
