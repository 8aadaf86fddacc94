import type { DeviceModelJson } from '@fpn/keys';
import type { LinkedAttachment } from '../attachments/attachment-links';
import type { MessageEntity } from '../entities/message.entity';

/**
 * The one Redis channel messages are published on, once per message; every
 * api replica listens and hands each message to the subscribed devices it
 * names (DeviceListeners).
 */
export const MESSAGE_DELIVERIES_CHANNEL = 'message-deliveries';

/** A message as it crosses Redis (JSON): what a recipient sees of it, the envelope once. */
export interface MessageEvent {
  id: string;
  threadId: string;
  senderUserId: string;
  senderDeviceId: string;
  senderMemberStateCode: string | null;
  /** Stored enum values (MessageCategory, MessagePriority, HandlingCode). */
  category: string;
  priority: string;
  handlingCode: string;
  sourceReliability: string | null;
  informationAccuracy: string | null;
  /** ISO 8601 */
  dueDate: string | null;
  inReplyTo: string | null;
  /** ISO 8601 */
  sentAt: string;
  envelope: string;
  /**
   * What the push shows of the sender device and the attachments, read with
   * the message, so no replica reads them again (absent from events of an
   * earlier version: the api reads them then).
   */
  senderDevice?: DeviceModelJson;
  attachments?: LinkedAttachment[];
}

export interface MessageDeliveriesEvent {
  message: MessageEvent;
  /** Each device it goes to, with the device's cursor for it: `[deviceId, cursor]`. */
  deliveries: [string, string][];
}

export function messageEventOf(message: MessageEntity): MessageEvent {
  return {
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
    dueDate: message.dueDate?.toISOString() ?? null,
    inReplyTo: message.inReplyTo,
    sentAt: message.sentAt.toISOString(),
    envelope: message.envelope,
  };
}
