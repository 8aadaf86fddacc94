import { MessageDeliveryEntity } from './entities/message-delivery.entity';
import { MessageOutboxEntity } from './entities/message-outbox.entity';
import { MessageRecipientEntity } from './entities/message-recipient.entity';
import { MessageThreadParticipantEntity } from './entities/message-thread-participant.entity';
import { MessageThreadEntity } from './entities/message-thread.entity';
import { MessageEntity } from './entities/message.entity';

/** Every table this library owns; the database library registers them. */
export const MESSAGING_ENTITIES = [
  MessageThreadEntity,
  MessageThreadParticipantEntity,
  MessageEntity,
  MessageRecipientEntity,
  MessageDeliveryEntity,
  MessageOutboxEntity,
];
