import type { MessageEvent } from '../delivery/message-events';
import type { SentFields } from '../sending/message-sender.service';
import { MessageModel } from './messaging.models';

const models = new WeakMap<MessageEvent, MessageModel>();

/**
 * The model of a message pushed live. DeviceListeners hands one published
 * message to every subscribed device it names; they all get the same model
 * object, so the fields read from PostgreSQL (`senderDevice`, `attachments`)
 * are read once per message on this replica instead of once per device (see
 * `oncePerMessage`). A model lives as long as that one publication.
 */
export function liveMessageModel(event: MessageEvent): MessageModel {
  let model = models.get(event);
  if (!model) {
    model = MessageModel.fromEvent(event);
    models.set(event, model);
  }
  return model;
}

/**
 * A field's value for one message object, computed once however many
 * results it appears in: the devices a live message is pushed to share it
 * (liveMessageModel); over HTTP each request has its own message objects, so
 * nothing outlives the request.
 */
export function oncePerMessage<T>(
  cache: WeakMap<MessageModel, Promise<T>>,
  message: MessageModel,
  load: () => Promise<T>,
): Promise<T> {
  let value = cache.get(message);
  if (!value) {
    value = load();
    cache.set(message, value);
  }
  return value;
}

const sentFields = new WeakMap<MessageModel, SentFields>();

/**
 * The model of a message just sent, with the fields sending read anyway (its
 * sender device, its attachments): `sendMessage`'s answer reads nothing more.
 */
export function sentMessageModel(
  model: MessageModel,
  fields: SentFields | undefined,
): MessageModel {
  if (fields) sentFields.set(model, fields);
  return model;
}

/** What sending knew of this message's fields (`sentMessageModel`), if it was just sent. */
export function sentFieldsOf(model: MessageModel): SentFields | undefined {
  return sentFields.get(model);
}
