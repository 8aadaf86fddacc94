import { Module, type OnModuleInit } from '@nestjs/common';
import { AuditModule } from '@fpn/audit';
import { initCrypto } from '@fpn/crypto';
import { MessageAudience } from './addressing/message-audience.service';
import { AttachmentSweeper } from './attachments/attachment.sweeper';
import { ATTACHMENT_STORAGE_PROVIDER } from './attachments/attachments.module';
import { DeliveryFailures } from './delivery/delivery-failures.service';
import { DeliveryQueue } from './delivery/delivery-queue.service';
import { MessageFanOut } from './delivery/message-fan-out.service';
import { MessagesProcessor } from './delivery/messages.processor';
import { OutboxRelay } from './delivery/outbox-relay.service';
import { DeviceListeners } from './live/device-listeners.service';
import { MessageReader } from './reading/message-reader.service';
import { DeliveryConfirmations } from './receipts/delivery-confirmations';
import { Receipts } from './receipts/receipts.service';
import { MessageSender } from './sending/message-sender.service';
import { RequestsModule } from './requests/requests.module';
import { MessageWriter } from './sending/message-writer';
import { WebhookAttempts } from './webhooks/webhook-attempts.service';
import { WebhookFanOut } from './webhooks/webhook-fan-out.service';
import { WebhookHttp } from './webhooks/webhook-http';
import { WebhookOperations } from './webhooks/webhook-operations.service';
import { WebhookRetrySweeper } from './webhooks/webhook-retry.sweeper';
import { WebhookSecrets } from './webhooks/webhook-secrets';
import { WebhooksProcessor } from './webhooks/webhooks.processor';
import { Webhooks } from './webhooks/webhooks.service';

/**
 * Messaging for the api (docs/messaging.md): sending, reading, receipts, live
 * delivery to this replica's subscriptions and the operators' queue view. The
 * API registers MessagingResolver, ThreadMessagesResolver,
 * MessageSenderDeviceResolver, MessageAttachmentsResolver, DeliveryQueueResolver
 * and WebhooksResolver; AttachmentsModule serves /attachments.
 */
@Module({
  imports: [AuditModule, RequestsModule],
  providers: [
    MessageAudience,
    MessageWriter,
    MessageSender,
    MessageReader,
    Receipts,
    DeliveryConfirmations,
    DeliveryQueue,
    DeviceListeners,
    WebhookSecrets,
    Webhooks,
    WebhookOperations,
  ],
  exports: [
    MessageSender,
    MessageReader,
    Receipts,
    DeliveryQueue,
    DeviceListeners,
    Webhooks,
    WebhookOperations,
    RequestsModule,
  ],
})
export class MessagingModule {}

/**
 * What only the worker runs: the outbox relay, the fan-out jobs, webhook
 * deliveries and the removal of uploads no message carries.
 */
@Module({
  providers: [
    OutboxRelay,
    MessageFanOut,
    DeliveryFailures,
    MessagesProcessor,
    WebhookSecrets,
    WebhookHttp,
    WebhookFanOut,
    WebhookAttempts,
    WebhookRetrySweeper,
    WebhooksProcessor,
    ATTACHMENT_STORAGE_PROVIDER,
    AttachmentSweeper,
  ],
  exports: [OutboxRelay, MessageFanOut, WebhookAttempts, WebhookRetrySweeper, AttachmentSweeper],
})
export class MessagingWorkerModule implements OnModuleInit {
  /** A push and a webhook's body show the sender device's keys in base64url (libsodium). */
  async onModuleInit(): Promise<void> {
    await initCrypto();
  }
}
