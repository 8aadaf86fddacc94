import { UseGuards } from '@nestjs/common';
import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Request } from 'express';
import {
  AuthenticationService,
  type Principal,
  type SignedIn,
} from '../auth/authentication.service';
import { CurrentPrincipal, SignedInUser } from '../auth/current-principal.decorator';
import { GqlLocalAuthGuard, originOf } from '../auth/guards';
import { Authenticated, OpenBeforeMfaEnrolment, Public } from '@fpn/core';
import type { UserEntity } from '../users/user.entity';
import { AuthPayload, LoginInput } from './auth.types';
import { UserModel } from './user.model';

const toPayload = (signedIn: SignedIn): AuthPayload => ({
  accessToken: signedIn.accessToken,
  accessTokenExpiresAt: signedIn.accessTokenExpiresAt,
  refreshToken: signedIn.refreshToken,
  user: UserModel.fromEntity(signedIn.user),
});

@Resolver()
export class AuthResolver {
  constructor(private readonly authentication: AuthenticationService) {}

  @Mutation(() => AuthPayload, { description: 'Sign in with e-mail and password.' })
  @Public()
  @UseGuards(GqlLocalAuthGuard)
  async login(
    @Args('input') _input: LoginInput,
    @SignedInUser() user: UserEntity,
    @Context('req') request: Request,
  ): Promise<AuthPayload> {
    return toPayload(await this.authentication.signIn(user, originOf(request)));
  }

  @Mutation(() => AuthPayload, {
    description: 'Exchange a refresh token for a new pair. A token used twice ends its session.',
  })
  @Public()
  async refreshSession(@Args('refreshToken') refreshToken: string): Promise<AuthPayload> {
    return toPayload(await this.authentication.refresh(refreshToken));
  }

  @Mutation(() => Boolean, { description: 'End the current session.' })
  @Authenticated()
  @OpenBeforeMfaEnrolment()
  async logout(@CurrentPrincipal() principal: Principal): Promise<boolean> {
    await this.authentication.signOut(principal);
    return true;
  }

  @Query(() => UserModel, { description: 'The signed-in account.' })
  @Authenticated()
  @OpenBeforeMfaEnrolment()
  me(@CurrentPrincipal() principal: Principal): UserModel {
    return UserModel.fromEntity(principal.user);
  }
}
