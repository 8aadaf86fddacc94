import { Injectable } from '@nestjs/common';
import { RedisPubSub } from 'graphql-redis-subscriptions';
import { RedisService } from '../redis/redis.service';

/**
 * Live events between processes over Redis pub/sub: what one api replica or
 * the worker publishes, every api replica hears. Used for GraphQL
 * subscriptions and for closing a user's sockets when their sessions end.
 * Nothing here is durable: the database stays the source of truth and a
 * client that missed an event catches up with a query.
 */
@Injectable()
export class LiveEvents {
  private readonly pubSub: RedisPubSub;

  constructor(private readonly redis: RedisService) {
    this.pubSub = new RedisPubSub({
      publisher: redis.client,
      // Connects on first use: the worker only publishes.
      subscriber: redis.connect({ lazyConnect: true, connectionName: 'fpn:live-events' }),
      // Channels live under the deployment's prefix, like every key.
      triggerTransform: (trigger) => redis.key('live', String(trigger)),
    });
  }

  publish<T extends object>(channel: string, payload: T): Promise<void> {
    // RedisPubSub applies triggerTransform when subscribing only: publish to the same channel.
    return this.pubSub.publish(this.redis.key('live', channel), payload);
  }

  /** Calls `onEvent` for each event on the channel; returns the unsubscribe function. */
  async subscribe<T>(channel: string, onEvent: (payload: T) => void): Promise<() => void> {
    const id = await this.pubSub.subscribe<T>(channel, onEvent);
    return () => this.pubSub.unsubscribe(id);
  }

  /** For a GraphQL subscription resolver: the events of one channel, or of several merged. */
  iterator<T>(channels: string | string[]): AsyncIterableIterator<T> {
    return this.pubSub.asyncIterableIterator<T>(channels) as AsyncIterableIterator<T>;
  }
}
