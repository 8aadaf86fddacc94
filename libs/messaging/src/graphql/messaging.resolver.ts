import { Args, Context, ID, Int, Mutation, Query, Resolver, Subscription } from '@nestjs/graphql';
import { InjectDataSource } from '@nestjs/typeorm';
import { AllowApiCredential, Authenticated, DomainError, ErrorCode } from '@fpn/core';
import { ApiOperation, type AuthenticatedRequest, originOf } from '@fpn/identity';
import { DeviceModel } from '@fpn/keys';
import { DataSource } from 'typeorm';
import { messagingCallerOf } from '../caller/messaging-caller';
import { DeviceListeners, type DeviceDelivery } from '../live/device-listeners.service';
import { MessageReader } from '../reading/message-reader.service';
import { assertReceivingDevice } from '../reading/receiving-devices';
import { Receipts } from '../receipts/receipts.service';
import { MessageSender } from '../sending/message-sender.service';
import {
  InboxItemModel,
  InboxPageModel,
  MessageAddressInput,
  MessageModel,
  MessageStatusModel,
  SendMessageInput,
  SentMessageModel,
  ThreadModel,
  ThreadPageModel,
} from './messaging.models';
import { liveMessageModel, withKnownFields } from './live-message-model';

const { MESSAGES_READ, MESSAGES_SEND } = ApiOperation;

/**
 * Messaging (docs/messaging.md). Every person (all four roles) sends and
 * receives; a ministry system with MESSAGES_SEND / MESSAGES_READ does too,
 * through the device bound to its credential, acting for the account that
 * issued it. Scope is the services' business: the audience, the devices,
 * who takes part in a thread.
 */
@Resolver()
export class MessagingResolver {
  constructor(
    private readonly sender: MessageSender,
    private readonly reader: MessageReader,
    private readonly receipts: Receipts,
    private readonly listeners: DeviceListeners,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @Query(() => [ID], {
    description:
      'The accounts a new thread `to`, or the existing thread `threadId`, reaches now — other than you. Encrypt to their active devices plus your own other devices.',
  })
  @Authenticated()
  @AllowApiCredential(MESSAGES_SEND)
  messageAudience(
    @Context('req') request: AuthenticatedRequest,
    @Args('to', { type: () => MessageAddressInput, nullable: true }) to: MessageAddressInput | null,
    @Args('threadId', { type: () => String, nullable: true }) threadId: string | null,
  ): Promise<string[]> {
    return this.sender.audienceOf(messagingCallerOf(request), { to, threadId });
  }

  @Mutation(() => SentMessageModel, {
    description:
      'Send an envelope. Checked: the sender device is yours and signed it, every recipient may be addressed, and the sealed keys cover exactly the devices that must receive (CONFLICT RECIPIENT_DEVICES_MISMATCH otherwise). The message id makes it idempotent.',
  })
  @Authenticated()
  @AllowApiCredential(MESSAGES_SEND)
  async sendMessage(
    @Context('req') request: AuthenticatedRequest,
    @Args('input') input: SendMessageInput,
  ): Promise<SentMessageModel> {
    const { message, duplicate, known } = await this.sender.send(
      messagingCallerOf(request),
      input,
      originOf(request),
    );
    return Object.assign(new SentMessageModel(), {
      message: withKnownFields(
        MessageModel.fromEntity(message),
        known && {
          senderDevice: DeviceModel.fromEntity(known.senderDevice),
          attachments: known.attachments,
        },
      ),
      duplicate,
      recipientAccounts: message.recipientAccounts,
      recipientDevices: message.recipientDevices,
    });
  }

  @Query(() => InboxPageModel, {
    description:
      'Deliveries to one of your devices after the cursor, oldest first (catch-up). Then confirm delivery up to the last cursor you kept.',
  })
  @Authenticated()
  @AllowApiCredential(MESSAGES_READ)
  async inbox(
    @Context('req') request: AuthenticatedRequest,
    @Args('deviceId') deviceId: string,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 100 }) first: number | null,
  ): Promise<InboxPageModel> {
    const page = await this.reader.inbox(messagingCallerOf(request), deviceId, {
      after,
      first: first ?? 100,
    });
    return {
      items: page.items.map((item) => ({
        cursor: item.cursor,
        message: MessageModel.fromEntity(item.message),
      })),
      endCursor: page.endCursor,
      hasNextPage: page.hasNextPage,
    };
  }

  @Mutation(() => Int, {
    description:
      'A device confirms it received everything up to the cursor; returns how many deliveries were newly confirmed.',
  })
  @Authenticated()
  @AllowApiCredential(MESSAGES_READ)
  confirmDelivery(
    @Context('req') request: AuthenticatedRequest,
    @Args('deviceId') deviceId: string,
    @Args('upTo') upTo: string,
  ): Promise<number> {
    return this.receipts.confirmDelivery(messagingCallerOf(request), deviceId, upTo);
  }

  @Mutation(() => Date, {
    description:
      'The person (not a device) acknowledges: what escalation waits for. Idempotent; returns when first acknowledged.',
  })
  @Authenticated()
  @AllowApiCredential(MESSAGES_READ)
  acknowledgeMessage(
    @Context('req') request: AuthenticatedRequest,
    @Args('messageId') messageId: string,
  ): Promise<Date> {
    return this.receipts.acknowledge(messagingCallerOf(request), messageId, originOf(request));
  }

  @Mutation(() => Int, {
    description:
      'Marks these messages read by you; returns how many were newly marked. Ids not addressed to you count 0.',
  })
  @Authenticated()
  @AllowApiCredential(MESSAGES_READ)
  markMessagesRead(
    @Context('req') request: AuthenticatedRequest,
    @Args('messageIds', { type: () => [String] }) messageIds: string[],
  ): Promise<number> {
    return this.receipts.markRead(messagingCallerOf(request), messageIds);
  }

  @Query(() => MessageStatusModel, {
    description:
      'Per addressed state: recipients, delivered, acknowledged, read. For the sender (account) and the Secretariat.',
  })
  @Authenticated()
  @AllowApiCredential(MESSAGES_SEND)
  async messageStatus(
    @Context('req') request: AuthenticatedRequest,
    @Args('messageId') messageId: string,
  ): Promise<MessageStatusModel> {
    return {
      messageId,
      states: await this.receipts.status(messagingCallerOf(request), messageId),
    };
  }

  @Query(() => ThreadPageModel, {
    description: 'Threads you take part in (sent to or received in), most recent activity first.',
  })
  @Authenticated()
  @AllowApiCredential(MESSAGES_READ)
  async threads(
    @Context('req') request: AuthenticatedRequest,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 20 }) first: number | null,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<ThreadPageModel> {
    const page = await this.reader.threads(messagingCallerOf(request), {
      first: first ?? 20,
      after,
    });
    return { ...page, items: page.items.map(ThreadModel.fromRecord) };
  }

  @Query(() => ThreadModel, { description: 'A thread you take part in.' })
  @Authenticated()
  @AllowApiCredential(MESSAGES_READ)
  async thread(
    @Context('req') request: AuthenticatedRequest,
    @Args('id') id: string,
  ): Promise<ThreadModel> {
    return ThreadModel.fromRecord(await this.reader.thread(messagingCallerOf(request), id));
  }

  @Query(() => MessageModel, {
    description: 'One message you sent or were sent (to read it again, or a thread’s history).',
  })
  @Authenticated()
  @AllowApiCredential(MESSAGES_READ)
  async message(
    @Context('req') request: AuthenticatedRequest,
    @Args('id') id: string,
  ): Promise<MessageModel> {
    return MessageModel.fromEntity(await this.reader.message(messagingCallerOf(request), id));
  }

  @Subscription(() => InboxItemModel, {
    description:
      'Each message delivered to one of your devices, live, on any api replica. Best effort and possibly out of order: catch up with `inbox` from your last confirmed cursor, and confirm from the inbox.',
    resolve: (event: DeviceDelivery | undefined): InboxItemModel => {
      // Over HTTP a subscription runs once with no event: refuse it plainly.
      if (!event) {
        throw new DomainError(ErrorCode.BadUserInput, 'Subscriptions are served over WebSocket');
      }
      return { cursor: event.cursor, message: liveMessageModel(event.message) };
    },
  })
  @Authenticated()
  @AllowApiCredential(MESSAGES_READ)
  async messageReceived(
    @Context('req') request: AuthenticatedRequest,
    @Args('deviceId') deviceId: string,
  ): Promise<AsyncIterableIterator<DeviceDelivery>> {
    await assertReceivingDevice(this.dataSource.manager, messagingCallerOf(request), deviceId);
    return this.listeners.iterator(deviceId);
  }
}
