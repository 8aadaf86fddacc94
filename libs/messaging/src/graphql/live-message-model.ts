import { DeviceModel } from '@fpn/keys';
import type { MessageEvent } from '../delivery/message-events';
import { type MessageAttachmentModel, MessageModel } from './messaging.models';

const models = new WeakMap<MessageEvent, MessageModel>();

/**
 * The model of a message pushed live. DeviceListeners hands one published
 * message to every subscribed device it names; they all get the same model
 * object. Its `senderDevice` and `attachments` come with the event (the
 * fan-out read them with the message); from an event without them — a worker
 * of an earlier version — they are read once per message on this replica
 * instead of once per device (see `oncePerMessage`). A model lives as long as
 * that one publication.
 */
export function liveMessageModel(event: MessageEvent): MessageModel {
  let model = models.get(event);
  if (!model) {
    const { senderDevice, attachments } = event;
    model = withKnownFields(
      MessageModel.fromEvent(event),
      senderDevice && attachments
        ? { senderDevice: DeviceModel.fromJson(senderDevice), attachments }
        : undefined,
    );
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

/** Fields of a message known when its model is made: resolving them reads nothing. */
export interface KnownMessageFields {
  senderDevice: DeviceModel;
  attachments: MessageAttachmentModel[];
}

const knownFields = new WeakMap<MessageModel, KnownMessageFields>();

/**
 * The model with fields already known — a message just sent (what sending
 * read: its sender device, its attachments) or pushed (what the fan-out read
 * with it) — so its answer or push reads them no more.
 */
export function withKnownFields(
  model: MessageModel,
  fields: KnownMessageFields | undefined,
): MessageModel {
  if (fields) knownFields.set(model, fields);
  return model;
}

/** What was known of this message's fields when its model was made (`withKnownFields`). */
export function knownFieldsOf(model: MessageModel): KnownMessageFields | undefined {
  return knownFields.get(model);
}
