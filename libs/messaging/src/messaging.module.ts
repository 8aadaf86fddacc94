import { Module } from '@nestjs/common';
import { AuditModule } from '@fpn/audit';
import { MessageAudience } from './addressing/message-audience.service';
import { DeliveryFailures } from './delivery/delivery-failures.service';
import { DeliveryQueue } from './delivery/delivery-queue.service';
import { MessageFanOut } from './delivery/message-fan-out.service';
import { MessagesProcessor } from './delivery/messages.processor';
import { OutboxRelay } from './delivery/outbox-relay.service';
import { DeviceListeners } from './live/device-listeners.service';
import { MessageReader } from './reading/message-reader.service';
import { Receipts } from './receipts/receipts.service';
import { MessageSender } from './sending/message-sender.service';
import { MessageWriter } from './sending/message-writer';

/**
 * Messaging for the api (docs/messaging.md): sending, reading, receipts, live
 * delivery to this replica's subscriptions and the operators' queue view. The
 * API registers MessagingResolver, ThreadMessagesResolver,
 * MessageSenderDeviceResolver and DeliveryQueueResolver.
 */
@Module({
  imports: [AuditModule],
  providers: [
    MessageAudience,
    MessageWriter,
    MessageSender,
    MessageReader,
    Receipts,
    DeliveryQueue,
    DeviceListeners,
  ],
  exports: [MessageSender, MessageReader, Receipts, DeliveryQueue, DeviceListeners],
})
export class MessagingModule {}

/** What only the worker runs: the outbox relay and the fan-out jobs. */
@Module({
  providers: [OutboxRelay, MessageFanOut, DeliveryFailures, MessagesProcessor],
  exports: [OutboxRelay, MessageFanOut],
})
export class MessagingWorkerModule {}
