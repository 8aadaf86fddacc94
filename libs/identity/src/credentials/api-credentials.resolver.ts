import { Args, Context, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Request } from 'express';
import { Clock, RequireRoles } from '@fpn/core';
import type { Principal } from '../auth/authentication.service';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { originOf } from '../auth/guards';
import { Role } from '../users/role';
import type { AuthenticatedApiCredential } from './api-credential.entity';
import { ApiCredentialOnly } from './api-credential-only.decorator';
import {
  ApiCredentialModel,
  IssueApiCredentialInput,
  IssuedApiCredential,
} from './api-credential.types';
import { ApiCredentialsService, type IssuedSecret } from './api-credentials.service';
import { CurrentCredential } from './current-credential.decorator';

/** Who manages API credentials; object scope (a coordinator: own state) is the service's. */
const MANAGERS = [Role.SECRETARIAT_ADMIN, Role.SECRETARIAT_OFFICER, Role.STATE_COORDINATOR];

@Resolver(() => ApiCredentialModel)
export class ApiCredentialsResolver {
  constructor(
    private readonly credentials: ApiCredentialsService,
    private readonly clock: Clock,
  ) {}

  @Mutation(() => IssuedApiCredential, {
    description:
      'Issue a credential for a ministry system. The secret is in this answer only. ' +
      'A coordinator issues for their own state.',
  })
  @RequireRoles(...MANAGERS)
  async issueApiCredential(
    @CurrentPrincipal() principal: Principal,
    @Args('input') input: IssueApiCredentialInput,
    @Context('req') request: Request,
  ): Promise<IssuedApiCredential> {
    return this.issued(
      await this.credentials.issue({ principal, origin: originOf(request) }, input),
    );
  }

  @Mutation(() => IssuedApiCredential, {
    description:
      'Replace the secret (shown once). The previous one keeps working for ' +
      '`keepPreviousForMinutes` (0 to 1440), so the system can switch without a gap.',
  })
  @RequireRoles(...MANAGERS)
  async rotateApiCredential(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
    @Args('keepPreviousForMinutes', { type: () => Int, defaultValue: 0 }) graceMinutes: number,
    @Context('req') request: Request,
  ): Promise<IssuedApiCredential> {
    return this.issued(
      await this.credentials.rotate({ principal, origin: originOf(request) }, id, graceMinutes),
    );
  }

  @Mutation(() => ApiCredentialModel, { description: 'End a credential at once.' })
  @RequireRoles(...MANAGERS)
  async revokeApiCredential(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
    @Context('req') request: Request,
  ): Promise<ApiCredentialModel> {
    const credential = await this.credentials.revoke({ principal, origin: originOf(request) }, id);
    return ApiCredentialModel.fromEntity(credential, this.clock.now());
  }

  @Query(() => [ApiCredentialModel], {
    description:
      "API credentials, newest first. The Secretariat sees every state's; a coordinator their own.",
  })
  @RequireRoles(...MANAGERS)
  async apiCredentials(
    @CurrentPrincipal() principal: Principal,
    @Args('memberStateCode', { type: () => String, nullable: true })
    memberStateCode: string | null,
    @Args('includeRevoked', { defaultValue: false }) includeRevoked: boolean,
    @Context('req') request: Request,
  ): Promise<ApiCredentialModel[]> {
    const credentials = await this.credentials.list(
      { principal, origin: originOf(request) },
      { memberStateCode, includeRevoked },
    );
    const now = this.clock.now();
    return credentials.map((credential) => ApiCredentialModel.fromEntity(credential, now));
  }

  @Query(() => ApiCredentialModel, {
    description: 'For a ministry system: the credential it calls with, its scope and expiry.',
  })
  @ApiCredentialOnly()
  currentApiCredential(
    @CurrentCredential() credential: AuthenticatedApiCredential,
  ): ApiCredentialModel {
    return ApiCredentialModel.fromEntity(credential, this.clock.now());
  }

  private issued({ credential, token }: IssuedSecret): IssuedApiCredential {
    return Object.assign(new IssuedApiCredential(), {
      credential: ApiCredentialModel.fromEntity(credential, this.clock.now()),
      secret: token,
    });
  }
}
