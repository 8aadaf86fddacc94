import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import type { MessageEntity } from '../entities/message.entity';
import {
  Addressing,
  HandlingCode,
  MessageCategory,
  MessagePriority,
  ThreadKind,
} from '../entities/messaging-enums';
import type { MessageEvent } from '../delivery/message-events';
import type { ThreadRecord } from '../reading/thread-records';

registerEnumType(ThreadKind, {
  name: 'ThreadKind',
  description: 'A network case or a direct thread.',
});
registerEnumType(Addressing, {
  name: 'Addressing',
  description: 'Whom a thread addresses, evaluated again at every message.',
});
registerEnumType(MessageCategory, { name: 'MessageCategory' });
registerEnumType(MessagePriority, { name: 'MessagePriority' });
registerEnumType(HandlingCode, {
  name: 'HandlingCode',
  description:
    'Restrictions on further use (Europol): H0 law-enforcement use only; H1 not for judicial proceedings without permission; H2 no onward dissemination without permission; H3 other restrictions, stated in the body.',
});

@InputType('MessageAddressInput', {
  description: 'Where a new thread goes: exactly one of the shapes below.',
})
export class MessageAddressInput {
  @Field(() => String, {
    nullable: true,
    description:
      'A network thread: alone, the whole network (every active focal point with an account).',
  })
  networkKey?: string | null;

  @Field(() => [String], {
    nullable: true,
    description:
      'With networkKey: these states, i.e. their primary and alternate focal points there.',
  })
  memberStateCodes?: string[] | null;

  @Field(() => [ID], {
    nullable: true,
    description: 'With networkKey: these directory entries (active members of that network).',
  })
  focalPointIds?: string[] | null;

  @Field(() => ID, {
    nullable: true,
    description: 'Alone: a direct thread with one account you may address.',
  })
  userId?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'Alone, true: every active national coordinator of every member state — a circulation, such as the document of a silence procedure. The Secretariat only; coordinators read such a thread, only the Secretariat writes in it.',
  })
  coordinators?: boolean | null;
}

@InputType('MessageAttachmentInput', {
  description:
    'An attachment the message carries: your own complete upload (POST /attachments, docs/attachments.md).',
})
export class MessageAttachmentInput {
  @Field({ description: 'The upload id (the last segment of its tus Location).' })
  id!: string;

  @Field({
    description:
      "BLAKE2b-256 of the encrypted blob, base64url — as in the encrypted body's reference. Must equal the hash the server computed (BAD_USER_INPUT ATTACHMENT_HASH_MISMATCH otherwise).",
  })
  ciphertextHash!: string;
}

@ObjectType('MessageAttachment', {
  description:
    'An attachment as the server sees it: an id and the size of its encrypted blob. Its name, type and key are inside the encrypted body.',
})
export class MessageAttachmentModel {
  @Field({ description: 'Download it with GET /attachments/{id}.' })
  id!: string;

  @Field(() => Int, { description: 'The encrypted blob, in bytes.' })
  size!: number;
}

@InputType('SendMessageInput')
export class SendMessageInput {
  @Field({
    description: 'The envelope (EnvelopeJson from @fpn/crypto, envelopeToJson) as JSON text.',
  })
  envelope!: string;

  @Field(() => MessageAddressInput, {
    nullable: true,
    description:
      "Required when envelope.threadId names a new thread; refused (BAD_USER_INPUT field 'to') for an existing one.",
  })
  to?: MessageAddressInput | null;

  @Field(() => String, {
    nullable: true,
    description: 'A message of the same thread this one answers.',
  })
  inReplyTo?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      "A request for assistance (not a reply): the information asked for is directly accessible to the requested authority — with URGENT or FLASH, the network's shorter deadline. Refused (BAD_USER_INPUT) on anything else.",
  })
  directlyAccessible?: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      "A reply only (BAD_USER_INPUT otherwise): this is your state's answer to the thread's request (the one replied to, else the latest).",
  })
  isAnswer?: boolean | null;

  @Field(() => [MessageAttachmentInput], {
    nullable: true,
    description:
      'Attachments, in the order of the encrypted body: each your own complete upload, carried by no other message (NOT_FOUND ATTACHMENT_NOT_FOUND, BAD_USER_INPUT ATTACHMENT_INCOMPLETE or ATTACHMENT_HASH_MISMATCH, CONFLICT ATTACHMENT_IN_USE otherwise; nothing is stored).',
  })
  attachments?: MessageAttachmentInput[] | null;
}

@ObjectType('Message', {
  description:
    'A message: the visible metadata, and the envelope the recipients verify and decrypt. The server cannot read the body.',
})
export class MessageModel {
  @Field({ description: "The client's message id (envelope.messageId)." })
  id!: string;

  @Field()
  threadId!: string;

  @Field(() => ID)
  senderUserId!: string;

  @Field()
  senderDeviceId!: string;

  @Field(() => String, { nullable: true })
  senderMemberStateCode!: string | null;

  @Field(() => MessageCategory)
  category!: MessageCategory;

  @Field(() => MessagePriority)
  priority!: MessagePriority;

  @Field(() => HandlingCode)
  handlingCode!: HandlingCode;

  @Field(() => String, { nullable: true, description: 'A, B, C or X.' })
  sourceReliability!: string | null;

  @Field(() => String, { nullable: true, description: '1 to 4.' })
  informationAccuracy!: string | null;

  @Field(() => Date, { nullable: true })
  dueDate!: Date | null;

  @Field(() => String, { nullable: true })
  inReplyTo!: string | null;

  @Field()
  sentAt!: Date;

  @Field({
    description:
      'The whole envelope (EnvelopeJson) as JSON text, exactly as sent: recipients verify the signature over it.',
  })
  envelope!: string;

  static fromEntity(message: MessageEntity): MessageModel {
    return Object.assign(new MessageModel(), {
      id: message.id,
      threadId: message.threadId,
      senderUserId: message.senderUserId,
      senderDeviceId: message.senderDeviceId,
      senderMemberStateCode: message.senderMemberStateCode,
      category: message.category,
      priority: message.priority,
      handlingCode: message.handlingCode,
      sourceReliability: message.sourceReliability,
      informationAccuracy: message.informationAccuracy,
      dueDate: message.dueDate,
      inReplyTo: message.inReplyTo,
      sentAt: message.sentAt,
      envelope: message.envelope,
    });
  }

  /** The message's own fields; what the event carries of its sender device and attachments is `liveMessageModel`'s. */
  static fromEvent(event: MessageEvent): MessageModel {
    const { senderDevice: _device, attachments: _attachments, ...fields } = event;
    return Object.assign(new MessageModel(), {
      ...fields,
      category: fields.category as MessageCategory,
      priority: fields.priority as MessagePriority,
      handlingCode: fields.handlingCode as HandlingCode,
      dueDate: fields.dueDate ? new Date(fields.dueDate) : null,
      sentAt: new Date(fields.sentAt),
    });
  }
}

@ObjectType('SentMessage')
export class SentMessageModel {
  @Field(() => MessageModel)
  message!: MessageModel;

  @Field({
    description:
      'True when this id was already accepted with the same envelope (an idempotent retry).',
  })
  duplicate!: boolean;

  @Field(() => Int, { description: 'Addressed accounts (the sender not counted).' })
  recipientAccounts!: number;

  @Field(() => Int, {
    description:
      "Devices it was sealed to: the addressed accounts' and the sender's other devices.",
  })
  recipientDevices!: number;
}

@ObjectType('InboxItem')
export class InboxItemModel {
  @Field({ description: "This device's position: confirm delivery up to it, or read on after it." })
  cursor!: string;

  @Field(() => MessageModel)
  message!: MessageModel;
}

@ObjectType('InboxPage')
export class InboxPageModel {
  @Field(() => [InboxItemModel], { description: 'Oldest first.' })
  items!: InboxItemModel[];

  @Field(() => String, {
    nullable: true,
    description: 'The last item’s cursor; null on an empty page.',
  })
  endCursor!: string | null;

  @Field()
  hasNextPage!: boolean;
}

@ObjectType('StateDeliveryStatus')
export class StateDeliveryStatusModel {
  @Field({
    description: "The recipients' member state; SECRETARIAT for Secretariat accounts.",
  })
  memberStateCode!: string;

  @Field(() => Int, { description: 'Addressed people (accounts) of that state.' })
  recipients!: number;

  @Field(() => Int, { description: 'People with at least one device that confirmed delivery.' })
  delivered!: number;

  @Field(() => Int)
  acknowledged!: number;

  @Field(() => Int)
  read!: number;
}

@ObjectType('MessageStatus')
export class MessageStatusModel {
  @Field()
  messageId!: string;

  @Field(() => [StateDeliveryStatusModel])
  states!: StateDeliveryStatusModel[];
}

@ObjectType('Thread')
export class ThreadModel {
  @Field()
  id!: string;

  @Field(() => ThreadKind)
  kind!: ThreadKind;

  @Field(() => Addressing)
  addressing!: Addressing;

  @Field(() => String, { nullable: true })
  networkKey!: string | null;

  @Field(() => [String], {
    description: 'The states addressed (STATES), or those of the people first addressed.',
  })
  memberStateCodes!: string[];

  @Field(() => ID)
  createdByUserId!: string;

  @Field()
  createdAt!: Date;

  @Field()
  lastMessageAt!: Date;

  static fromRecord(thread: ThreadRecord): ThreadModel {
    return Object.assign(new ThreadModel(), {
      id: thread.id,
      kind: thread.kind,
      addressing: thread.addressing,
      networkKey: thread.networkKey,
      memberStateCodes: thread.memberStateCodes,
      createdByUserId: thread.createdBy,
      createdAt: thread.createdAt,
      lastMessageAt: thread.lastMessageAt,
    });
  }
}

@ObjectType('MessagePage')
export class MessagePageModel {
  @Field(() => [MessageModel])
  items!: MessageModel[];

  @Field(() => String, { nullable: true })
  endCursor!: string | null;

  @Field()
  hasNextPage!: boolean;
}

@ObjectType('ThreadPage')
export class ThreadPageModel {
  @Field(() => [ThreadModel])
  items!: ThreadModel[];

  @Field(() => String, { nullable: true })
  endCursor!: string | null;

  @Field()
  hasNextPage!: boolean;
}

@ObjectType('DeliveryQueueStatus', {
  description:
    'Messages waiting to be fanned out, and those whose delivery jobs gave up: counts only.',
})
export class DeliveryQueueStatusModel {
  @Field(() => Int)
  waiting!: number;

  @Field(() => Int)
  failed!: number;

  @Field(() => Date, { nullable: true })
  oldestWaitingSince!: Date | null;
}
