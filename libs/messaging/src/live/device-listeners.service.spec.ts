import type { LiveEvents } from '@fpn/queue';
import type { MessageDeliveriesEvent, MessageEvent } from '../delivery/message-events';
import { DeviceListeners } from './device-listeners.service';

const message = { id: 'message-1' } as MessageEvent;

describe('DeviceListeners', () => {
  it('listens to Redis once and hands each message to the devices it names', async () => {
    let deliver: ((event: MessageDeliveriesEvent) => void) | undefined;
    const subscribe = jest.fn(async (_channel: string, onEvent: typeof deliver) => {
      deliver = onEvent;
      return () => undefined;
    });
    const listeners = new DeviceListeners({ subscribe } as unknown as LiveEvents);
    const a = listeners.iterator('device-a');
    const b = listeners.iterator('device-b');
    const nextA = a.next();
    const nextB = b.next();
    await new Promise((resolve) => setImmediate(resolve));
    expect(subscribe).toHaveBeenCalledTimes(1);

    deliver!({
      message,
      deliveries: [
        ['device-a', 'cursor-a'],
        ['device-c', 'cursor-c'],
      ],
    });
    expect(await nextA).toEqual({ done: false, value: { cursor: 'cursor-a', message } });
    deliver!({ message, deliveries: [['device-b', 'cursor-b']] });
    expect(await nextB).toEqual({ done: false, value: { cursor: 'cursor-b', message } });
    await a.return?.();
    await b.return?.();
  });
});
