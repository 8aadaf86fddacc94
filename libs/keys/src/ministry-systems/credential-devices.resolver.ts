import { Args, Context, ID, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { Request } from 'express';
import { AllowApiCredential, Authenticated, RequireRoles } from '@fpn/core';
import {
  API_OPERATIONS,
  ApiCredentialModel,
  CurrentPrincipal,
  originOf,
  type Principal,
  Role,
} from '@fpn/identity';
import { DeviceCertificateInput, DeviceModel } from '../key-directory.models';
import { CredentialDevices } from './credential-devices.service';

/**
 * A ministry system's device, bound to its API credential by the account
 * that issued the credential (docs/keys.md, "Ministry systems").
 */
@Resolver(() => ApiCredentialModel)
export class CredentialDevicesResolver {
  constructor(private readonly devices: CredentialDevices) {}

  @Mutation(() => DeviceModel, {
    description:
      'Bind a device to an API credential you issued: the ministry system acts for you, so your current identity key signs its certificate, naming your account. A device bound before is revoked (REPLACED). The credential must be unrevoked and unexpired.',
  })
  // Those who issue credentials; the service holds each to the credentials it issued.
  @RequireRoles(Role.SECRETARIAT_ADMIN, Role.SECRETARIAT_OFFICER, Role.STATE_COORDINATOR)
  async bindApiCredentialDevice(
    @CurrentPrincipal() principal: Principal,
    @Args('apiCredentialId', { type: () => ID }) apiCredentialId: string,
    @Args('certificate') certificate: DeviceCertificateInput,
    @Context('req') request: Request,
  ): Promise<DeviceModel> {
    return DeviceModel.fromEntity(
      await this.devices.bind(principal, apiCredentialId, { ...certificate }, originOf(request)),
    );
  }

  @ResolveField(() => DeviceModel, {
    nullable: true,
    description:
      'The active device bound to this credential, if any. It receives only while the credential is unrevoked and unexpired.',
  })
  // Whoever sees the credential (its managers, or the system itself) sees its device.
  @Authenticated()
  @AllowApiCredential(...API_OPERATIONS)
  async device(
    @Parent() credential: ApiCredentialModel,
    @Context('req') request: Request,
  ): Promise<DeviceModel | null> {
    const device = await this.devices.deviceOf(request, credential.id);
    return device ? DeviceModel.fromEntity(device) : null;
  }
}
