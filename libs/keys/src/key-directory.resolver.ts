import { Args, Context, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Request } from 'express';
import { Authenticated } from '@fpn/core';
import { CurrentPrincipal, originOf, type Principal } from '@fpn/identity';
import { KeyDirectory } from './key-directory.service';
import {
  DeviceCertificateInput,
  DeviceModel,
  IdentityKeyChangeModel,
  IdentityKeyModel,
} from './key-directory.models';

/**
 * The key directory: every person who sends or receives (all four roles)
 * registers their own keys and reads the keys of those they may address.
 * Ministry systems (API credentials) are not served here.
 */
@Resolver()
export class KeyDirectoryResolver {
  constructor(private readonly keys: KeyDirectory) {}

  @Mutation(() => IdentityKeyModel, {
    description:
      'Register your identity key (Ed25519 public key, base64url). The same key again is a no-op; a different one is CONFLICT (use changeIdentityKey).',
  })
  @Authenticated()
  async registerIdentityKey(
    @CurrentPrincipal() principal: Principal,
    @Args('publicKey') publicKey: string,
    @Context('req') request: Request,
  ): Promise<IdentityKeyModel> {
    return IdentityKeyModel.fromEntity(
      await this.keys.registerIdentityKey(principal, publicKey, originOf(request)),
    );
  }

  @Mutation(() => IdentityKeyModel, {
    description:
      'Replace your identity key: the old key is kept as replaced, every device it certified is revoked, and everyone who shares a network with you is warned. `confirm` must be true.',
  })
  @Authenticated()
  async changeIdentityKey(
    @CurrentPrincipal() principal: Principal,
    @Args('publicKey') publicKey: string,
    @Args('confirm') confirm: boolean,
    @Context('req') request: Request,
  ): Promise<IdentityKeyModel> {
    return IdentityKeyModel.fromEntity(
      await this.keys.changeIdentityKey(principal, publicKey, confirm, originOf(request)),
    );
  }

  @Mutation(() => DeviceModel, {
    description:
      'Register a device with a certificate your current identity key signed, naming your account. A revoked device id cannot come back.',
  })
  @Authenticated()
  async registerDevice(
    @CurrentPrincipal() principal: Principal,
    @Args('certificate') certificate: DeviceCertificateInput,
    @Context('req') request: Request,
  ): Promise<DeviceModel> {
    return DeviceModel.fromEntity(
      await this.keys.registerDevice(principal, { ...certificate }, originOf(request)),
    );
  }

  @Mutation(() => DeviceModel, { description: 'Revoke one of your own devices.' })
  @Authenticated()
  async revokeDevice(
    @CurrentPrincipal() principal: Principal,
    @Args('deviceId') deviceId: string,
    @Context('req') request: Request,
  ): Promise<DeviceModel> {
    return DeviceModel.fromEntity(
      await this.keys.revokeDevice(principal, deviceId, originOf(request)),
    );
  }

  @Query(() => [DeviceModel], { description: 'Your devices, active and revoked.' })
  @Authenticated()
  async myDevices(@CurrentPrincipal() principal: Principal): Promise<DeviceModel[]> {
    return (await this.keys.myDevices(principal)).map(DeviceModel.fromEntity);
  }

  @Query(() => IdentityKeyModel, { nullable: true, description: 'Your current identity key.' })
  @Authenticated()
  async myIdentityKey(@CurrentPrincipal() principal: Principal): Promise<IdentityKeyModel | null> {
    const key = await this.keys.myIdentityKey(principal);
    return key ? IdentityKeyModel.fromEntity(key) : null;
  }

  @Query(() => [IdentityKeyModel], {
    description:
      'Current identity keys of the accounts you may address (your state, your networks; the Secretariat: anyone). Others are left out.',
  })
  @Authenticated()
  async identityKeys(
    @CurrentPrincipal() principal: Principal,
    @Args('userIds', { type: () => [ID] }) userIds: string[],
  ): Promise<IdentityKeyModel[]> {
    return (await this.keys.identityKeys(principal, userIds)).map(IdentityKeyModel.fromEntity);
  }

  @Query(() => [DeviceModel], {
    description:
      'Active devices (with certificates) of the accounts you may address. Others are left out.',
  })
  @Authenticated()
  async deviceKeys(
    @CurrentPrincipal() principal: Principal,
    @Args('userIds', { type: () => [ID] }) userIds: string[],
  ): Promise<DeviceModel[]> {
    return (await this.keys.deviceKeys(principal, userIds)).map(DeviceModel.fromEntity);
  }

  @Query(() => [DeviceModel], {
    description:
      'Active devices of every active focal point of a network you belong to (the Secretariat: any network).',
  })
  @Authenticated()
  async networkDeviceKeys(
    @CurrentPrincipal() principal: Principal,
    @Args('networkKey') networkKey: string,
  ): Promise<DeviceModel[]> {
    return (await this.keys.networkDeviceKeys(principal, networkKey)).map(DeviceModel.fromEntity);
  }

  @Query(() => [IdentityKeyChangeModel], {
    description: 'Identity key changes of the accounts you may address, oldest first.',
  })
  @Authenticated()
  async keyChanges(
    @CurrentPrincipal() principal: Principal,
    @Args('since', { type: () => Date, nullable: true }) since: Date | null,
  ): Promise<IdentityKeyChangeModel[]> {
    return (await this.keys.keyChanges(principal, since ?? null)).map(
      IdentityKeyChangeModel.fromEntity,
    );
  }
}
