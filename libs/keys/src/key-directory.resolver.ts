import { Args, Context, ID, Mutation, Query, Resolver, Subscription } from '@nestjs/graphql';
import type { Request } from 'express';
import { AllowApiCredential, Authenticated, DomainError, ErrorCode } from '@fpn/core';
import {
  type AuthenticatedRequest,
  CurrentPrincipal,
  originOf,
  type Principal,
} from '@fpn/identity';
import { LiveEvents } from '@fpn/queue';
import {
  type IdentityKeyChangeEvent,
  identityKeyChangeChannel,
  SECRETARIAT_KEY_CHANGE_CHANNEL,
} from './key-change-announcer';
import { KeyDirectory } from './key-directory.service';
import { KEY_READING_OPERATIONS } from './key-reading-operations';
import { KeyReading } from './key-reading.service';
import { keyReaderOf } from './key-scope';
import {
  DeviceCertificateInput,
  DeviceModel,
  IdentityKeyChangeModel,
  IdentityKeyModel,
} from './key-directory.models';

/**
 * The key directory: every person who sends or receives (all four roles)
 * registers their own keys and reads the keys of those they may address.
 * Ministry systems (API credentials that send or read messages) read keys
 * too, in their credential's scope; their device is bound by the account
 * that issued the credential (CredentialDevicesResolver).
 */
@Resolver()
export class KeyDirectoryResolver {
  constructor(
    private readonly keys: KeyDirectory,
    private readonly reading: KeyReading,
    private readonly live: LiveEvents,
  ) {}

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
      'Current identity keys of the accounts you may address: Secretariat accounts, and those of your state and your networks (the Secretariat: anyone). Others are left out.',
  })
  @Authenticated()
  @AllowApiCredential(...KEY_READING_OPERATIONS)
  async identityKeys(
    @Context('req') request: AuthenticatedRequest,
    @Args('userIds', { type: () => [ID] }) userIds: string[],
  ): Promise<IdentityKeyModel[]> {
    return (await this.reading.identityKeys(keyReaderOf(request), userIds)).map(
      IdentityKeyModel.fromEntity,
    );
  }

  @Query(() => [DeviceModel], {
    description:
      'Active devices (with certificates) of the accounts you may address. Others are left out.',
  })
  @Authenticated()
  @AllowApiCredential(...KEY_READING_OPERATIONS)
  async deviceKeys(
    @Context('req') request: AuthenticatedRequest,
    @Args('userIds', { type: () => [ID] }) userIds: string[],
  ): Promise<DeviceModel[]> {
    return (await this.reading.deviceKeys(keyReaderOf(request), userIds)).map(
      DeviceModel.fromEntity,
    );
  }

  @Query(() => [DeviceModel], {
    description:
      'Active devices of every active focal point of a network you belong to (the Secretariat: any network; a ministry system: the networks of its credential).',
  })
  @Authenticated()
  @AllowApiCredential(...KEY_READING_OPERATIONS)
  async networkDeviceKeys(
    @Context('req') request: AuthenticatedRequest,
    @Args('networkKey') networkKey: string,
  ): Promise<DeviceModel[]> {
    return (await this.reading.networkDeviceKeys(keyReaderOf(request), networkKey)).map(
      DeviceModel.fromEntity,
    );
  }

  @Query(() => [IdentityKeyChangeModel], {
    description: 'Identity key changes of the accounts you may address, oldest first.',
  })
  @Authenticated()
  @AllowApiCredential(...KEY_READING_OPERATIONS)
  async keyChanges(
    @Context('req') request: AuthenticatedRequest,
    @Args('since', { type: () => Date, nullable: true }) since: Date | null,
  ): Promise<IdentityKeyChangeModel[]> {
    return (await this.reading.keyChanges(keyReaderOf(request), since ?? null)).map(
      IdentityKeyChangeModel.fromEntity,
    );
  }

  @Subscription(() => IdentityKeyChangeModel, {
    description:
      'Each identity key change you are told of, as it happens: of those who share a network with you, and of the Secretariat. Catch up with `keyChanges(since)`.',
    resolve: (event: IdentityKeyChangeEvent | undefined): IdentityKeyChangeModel => {
      // Over HTTP a subscription runs once with no event: refuse it plainly.
      if (!event) {
        throw new DomainError(ErrorCode.BadUserInput, 'Subscriptions are served over WebSocket');
      }
      return IdentityKeyChangeModel.fromEvent(event);
    },
  })
  @Authenticated()
  identityKeyChanged(
    @CurrentPrincipal() principal: Principal,
  ): AsyncIterableIterator<IdentityKeyChangeEvent> {
    return this.live.iterator<IdentityKeyChangeEvent>([
      identityKeyChangeChannel(principal.user.id),
      SECRETARIAT_KEY_CHANGE_CHANNEL,
    ]);
  }
}
