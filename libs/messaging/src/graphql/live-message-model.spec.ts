import type { MessageEvent } from '../delivery/message-events';
import { liveMessageModel, oncePerMessage } from './live-message-model';
import type { MessageModel } from './messaging.models';

const event = (id: string): MessageEvent => ({
  id,
  threadId: 't1',
  senderUserId: 'u1',
  senderDeviceId: 'd1',
  senderMemberStateCode: 'KZ',
  category: 'alert',
  priority: 'routine',
  handlingCode: 'H1',
  sourceReliability: null,
  informationAccuracy: null,
  dueDate: null,
  inReplyTo: null,
  sentAt: '2026-11-28T12:00:00.000Z',
  envelope: '{}',
});

describe('live message models', () => {
  it('gives every device of one publication the same model, and another publication its own', () => {
    const published = event('m1');
    const model = liveMessageModel(published);
    expect(liveMessageModel(published)).toBe(model);
    expect(model.sentAt).toEqual(new Date('2026-11-28T12:00:00.000Z'));
    expect(liveMessageModel(event('m1'))).not.toBe(model);
  });

  it('loads a field once per model object, however many results it appears in', async () => {
    const cache = new WeakMap<MessageModel, Promise<string>>();
    const load = jest.fn(async () => 'device');
    const shared = liveMessageModel(event('m2'));
    const values = await Promise.all(
      Array.from({ length: 56 }, () => oncePerMessage(cache, shared, load)),
    );
    expect(values).toEqual(Array(56).fill('device'));
    expect(load).toHaveBeenCalledTimes(1);
    await oncePerMessage(cache, liveMessageModel(event('m3')), load);
    expect(load).toHaveBeenCalledTimes(2);
  });
});
