import { AttachmentPartEntity } from './attachments/attachment-part.entity';
import { AttachmentEntity } from './attachments/attachment.entity';
import { MessageDeliveryEntity } from './entities/message-delivery.entity';
import { MessageOutboxEntity } from './entities/message-outbox.entity';
import { MessageRecipientEntity } from './entities/message-recipient.entity';
import { MessageThreadParticipantEntity } from './entities/message-thread-participant.entity';
import { MessageThreadEntity } from './entities/message-thread.entity';
import { MessageEntity } from './entities/message.entity';
import { MessageEscalationEntity } from './requests/entities/message-escalation.entity';
import { MessageRequestHandoverEntity } from './requests/entities/message-request-handover.entity';
import { MessageRequestStateEntity } from './requests/entities/message-request-state.entity';
import { MessageRequestEntity } from './requests/entities/message-request.entity';
import { NetworkRequestPolicyEntity } from './requests/entities/network-request-policy.entity';
import { WebhookDeliveryEntity } from './webhooks/webhook-delivery.entity';
import { WebhookEntity } from './webhooks/webhook.entity';

/** Every table this library owns; the database library registers them. */
export const MESSAGING_ENTITIES = [
  MessageThreadEntity,
  MessageThreadParticipantEntity,
  MessageEntity,
  MessageRecipientEntity,
  MessageDeliveryEntity,
  MessageOutboxEntity,
  NetworkRequestPolicyEntity,
  MessageRequestEntity,
  MessageRequestStateEntity,
  MessageEscalationEntity,
  MessageRequestHandoverEntity,
  WebhookEntity,
  WebhookDeliveryEntity,
  AttachmentEntity,
  AttachmentPartEntity,
];
