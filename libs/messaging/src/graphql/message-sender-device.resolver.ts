import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { InjectDataSource } from '@nestjs/typeorm';
import DataLoader from 'dataloader';
import { AllowApiCredential, Authenticated } from '@fpn/core';
import { ApiOperation } from '@fpn/identity';
import { DeviceEntity, DeviceModel } from '@fpn/keys';
import { DataSource, In } from 'typeorm';
import { MessageModel } from './messaging.models';
import { knownFieldsOf, oncePerMessage } from './live-message-model';

/**
 * The device that signed a message, with its certificate — also once
 * revoked, so history still verifies. The SDK checks the certificate against
 * the sender's pinned identity before it trusts the signing key.
 */
@Resolver(() => MessageModel)
export class MessageSenderDeviceResolver {
  /**
   * One DataLoader per request, so a page of messages costs one query. It
   * batches without caching: a subscription's request lives as long as its
   * socket, and a device's status may change meanwhile.
   */
  private readonly loaders = new WeakMap<object, DataLoader<string, DeviceEntity>>();
  /** A live message's devices share one lookup (liveMessageModel). */
  private readonly perMessage = new WeakMap<MessageModel, Promise<DeviceEntity>>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @ResolveField(() => DeviceModel, {
    description: 'The sender device and its certificate (active or revoked since).',
  })
  @Authenticated()
  @AllowApiCredential(ApiOperation.MESSAGES_READ, ApiOperation.MESSAGES_SEND)
  async senderDevice(
    @Parent() message: MessageModel,
    @Context('req') request: object,
  ): Promise<DeviceModel> {
    const known = knownFieldsOf(message)?.senderDevice;
    if (known) return known;
    let loader = this.loaders.get(request);
    if (!loader) {
      loader = new DataLoader(
        async (ids: readonly string[]) => {
          const devices = await this.dataSource.manager.findBy(DeviceEntity, {
            deviceId: In([...ids]),
          });
          const byId = new Map(devices.map((device) => [device.deviceId, device]));
          return ids.map((id) => byId.get(id) ?? new Error(`device ${id} is not on record`));
        },
        { cache: false },
      );
      this.loaders.set(request, loader);
    }
    const requestLoader = loader;
    return DeviceModel.fromEntity(
      await oncePerMessage(this.perMessage, message, () =>
        requestLoader.load(message.senderDeviceId),
      ),
    );
  }
}
