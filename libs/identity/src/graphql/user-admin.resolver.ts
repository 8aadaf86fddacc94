import { Args, Context, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Request } from 'express';
import { Public, RequireRoles } from '@fpn/core';
import { AuthenticationService, type Principal } from '../auth/authentication.service';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { originOf } from '../auth/guards';
import { Invitations } from '../invitations/invitations.service';
import { Role } from '../users/role';
import { UserAdministration } from '../users/user-administration.service';
import { AuthPayload } from './auth.types';
import { InviteUserInput, UserFilterInput, UserPage, USERS_PAGE_DEFAULT } from './user-admin.types';
import { UserModel } from './user.model';

const ADMINISTRATORS = [Role.SECRETARIAT_ADMIN, Role.SECRETARIAT_OFFICER, Role.STATE_COORDINATOR];

/** Accounts: invitations, resets, suspension; the Secretariat everywhere, coordinators in their state. */
@Resolver()
export class UserAdminResolver {
  constructor(
    private readonly administration: UserAdministration,
    private readonly invitations: Invitations,
    private readonly authentication: AuthenticationService,
  ) {}

  @Query(() => UserPage, {
    description: 'Accounts: all for the Secretariat, their own state for a coordinator.',
  })
  @RequireRoles(...ADMINISTRATORS)
  async users(
    @CurrentPrincipal() principal: Principal,
    @Args('filter', { type: () => UserFilterInput, nullable: true }) filter: UserFilterInput | null,
    @Args('first', { type: () => Int, defaultValue: USERS_PAGE_DEFAULT }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<UserPage> {
    const page = await this.administration.list(principal, filter ?? {}, first, after);
    return { users: page.users.map(UserModel.fromEntity), nextCursor: page.nextCursor };
  }

  @Query(() => UserModel, { description: 'One account in your scope.' })
  @RequireRoles(...ADMINISTRATORS)
  async user(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<UserModel> {
    return UserModel.fromEntity(await this.administration.get(principal, id));
  }

  @Mutation(() => UserModel, {
    description: 'Create an account and e-mail its one-time invitation. The Secretariat only.',
  })
  @RequireRoles(Role.SECRETARIAT_ADMIN, Role.SECRETARIAT_OFFICER)
  async inviteUser(
    @CurrentPrincipal() principal: Principal,
    @Args('input') input: InviteUserInput,
    @Context('req') request: Request,
  ): Promise<UserModel> {
    return UserModel.fromEntity(
      await this.administration.invite(principal, input, originOf(request)),
    );
  }

  @Mutation(() => UserModel, {
    description:
      'End every session of the account, remove its password (and TOTP unless resetTotp is false) and e-mail a fresh invitation. Also resends an unanswered invitation.',
  })
  @RequireRoles(...ADMINISTRATORS)
  async resetUserAccess(
    @CurrentPrincipal() principal: Principal,
    @Args('userId', { type: () => ID }) userId: string,
    @Args('resetTotp', { defaultValue: true }) resetTotp: boolean,
    @Context('req') request: Request,
  ): Promise<UserModel> {
    return UserModel.fromEntity(
      await this.administration.resetAccess(principal, userId, { resetTotp }, originOf(request)),
    );
  }

  @Mutation(() => UserModel, {
    description: 'Suspend an account: every session and open subscription ends at once.',
  })
  @RequireRoles(...ADMINISTRATORS)
  async suspendUser(
    @CurrentPrincipal() principal: Principal,
    @Args('userId', { type: () => ID }) userId: string,
    @Args('reason') reason: string,
    @Context('req') request: Request,
  ): Promise<UserModel> {
    return UserModel.fromEntity(
      await this.administration.suspend(principal, userId, reason, originOf(request)),
    );
  }

  @Mutation(() => UserModel, { description: 'Lift a suspension.' })
  @RequireRoles(...ADMINISTRATORS)
  async reactivateUser(
    @CurrentPrincipal() principal: Principal,
    @Args('userId', { type: () => ID }) userId: string,
    @Context('req') request: Request,
  ): Promise<UserModel> {
    return UserModel.fromEntity(
      await this.administration.reactivate(principal, userId, originOf(request)),
    );
  }

  @Mutation(() => UserModel, {
    description:
      'Give an account another role (and state, for coordinators and focal points); every session ends. Secretariat admins only.',
  })
  @RequireRoles(Role.SECRETARIAT_ADMIN)
  async changeUserRole(
    @CurrentPrincipal() principal: Principal,
    @Args('userId', { type: () => ID }) userId: string,
    @Args('role', { type: () => Role }) role: Role,
    @Args('memberStateCode', { type: () => String, nullable: true }) memberStateCode: string | null,
    @Context('req') request: Request,
  ): Promise<UserModel> {
    return UserModel.fromEntity(
      await this.administration.changeRole(
        principal,
        userId,
        { role, memberStateCode },
        originOf(request),
      ),
    );
  }

  @Mutation(() => AuthPayload, {
    description:
      'Set your password with the token from an invitation or reset e-mail; signs you in. Roles that must use TOTP set it up next.',
  })
  @Public()
  async acceptInvitation(
    @Args('token') token: string,
    @Args('password') password: string,
    @Context('req') request: Request,
  ): Promise<AuthPayload> {
    const origin = originOf(request);
    const user = await this.invitations.accept(token, password, origin);
    const signedIn = await this.authentication.signIn(user, origin);
    return {
      accessToken: signedIn.accessToken,
      accessTokenExpiresAt: signedIn.accessTokenExpiresAt,
      refreshToken: signedIn.refreshToken,
      user: UserModel.fromEntity(signedIn.user),
    };
  }
}
