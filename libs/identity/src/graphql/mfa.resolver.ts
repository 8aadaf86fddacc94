import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { Authenticated, OpenBeforeMfaEnrolment } from '@fpn/core';
import type { Principal } from '../auth/authentication.service';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { TotpService } from '../mfa/totp.service';
import { RecoveryCodes, TotpEnrolment } from './auth.types';

@Resolver()
export class MfaResolver {
  constructor(private readonly totp: TotpService) {}

  @Mutation(() => TotpEnrolment, {
    description: 'Begin setting up two-factor sign-in: a seed for an authenticator app.',
  })
  @Authenticated()
  @OpenBeforeMfaEnrolment()
  startTotpEnrolment(@CurrentPrincipal() principal: Principal): Promise<TotpEnrolment> {
    return this.totp.startEnrolment(principal.user);
  }

  @Mutation(() => RecoveryCodes, {
    description:
      'Finish the set-up with a first code; returns one-time recovery codes, shown once.',
  })
  @Authenticated()
  @OpenBeforeMfaEnrolment()
  async confirmTotpEnrolment(
    @CurrentPrincipal() principal: Principal,
    @Args('code') code: string,
  ): Promise<RecoveryCodes> {
    return { codes: await this.totp.confirmEnrolment(principal.user, code) };
  }
}
