import { EventEmitter } from 'node:events';
import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { PubSub } from 'graphql-subscriptions';
import { LiveEvents } from '@fpn/queue';
import {
  MESSAGE_DELIVERIES_CHANNEL,
  type MessageDeliveriesEvent,
  type MessageEvent,
} from '../delivery/message-events';

/**
 * What one device's subscription hears: a message and the device's cursor for
 * it. Every device a publication names gets the same `message` object, so a
 * push is executed once for all of them (shared-pushes.ts).
 */
export class DeviceDelivery {
  constructor(
    readonly cursor: string,
    readonly message: MessageEvent,
  ) {}
}

/**
 * This api replica's side of live delivery. It listens once to the channel
 * every message is published on (once per message, by the worker) and hands
 * each message to the subscriptions of the devices it names that this
 * replica serves: the work per message is per device named, not per open
 * subscription. Best effort, like every live event: the inbox is the truth.
 */
@Injectable()
export class DeviceListeners implements OnModuleDestroy {
  private readonly logger = new Logger(DeviceListeners.name);
  private readonly local: PubSub<Record<string, DeviceDelivery>>;
  private listening?: Promise<() => void>;

  constructor(private readonly live: LiveEvents) {
    const emitter = new EventEmitter();
    // A device may hold several subscriptions (a client reconnecting, two windows).
    emitter.setMaxListeners(0);
    this.local = new PubSub({ eventEmitter: emitter });
  }

  /** The deliveries to one device, as they are published. */
  iterator(deviceId: string): AsyncIterableIterator<DeviceDelivery> {
    if (!this.listening) {
      const listening = this.live.subscribe<MessageDeliveriesEvent>(
        MESSAGE_DELIVERIES_CHANNEL,
        (event) => this.dispatch(event),
      );
      this.listening = listening;
      // A subscription Redis refused is tried again by the next subscriber.
      listening.catch((error: Error) => {
        this.logger.warn({ err: error.message }, 'could not listen for live messages');
        if (this.listening === listening) this.listening = undefined;
      });
    }
    return this.local.asyncIterableIterator<DeviceDelivery>(deviceId);
  }

  async onModuleDestroy(): Promise<void> {
    const stop = await this.listening?.catch(() => undefined);
    stop?.();
  }

  private dispatch(event: MessageDeliveriesEvent): void {
    try {
      for (const [deviceId, cursor] of event.deliveries) {
        void this.local.publish(deviceId, new DeviceDelivery(cursor, event.message));
      }
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, 'could not hand out a live message');
    }
  }
}
