import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { Client } from 'pg';
import { AppConfig } from '@fpn/config';
import { type MessageFanOutJob, QueueName, RedisService } from '@fpn/queue';
import { DataSource } from 'typeorm';

/** What a send NOTIFYs in its transaction: PostgreSQL delivers it to listeners at commit. */
export const MESSAGE_OUTBOX_CHANNEL = 'fpn_message_outbox';

/** Rows one relay statement claims. */
const BATCH_SIZE = 200;
/** Above this, Redis is treated as down for this round; the rows wait for the next. */
const QUEUE_TIMEOUT_MS = 5_000;
const RECONNECT_DELAY_MS = 1_000;

/** The BullMQ job id of a message's fan-out: one per message (BullMQ refuses all-digit ids). */
export const fanOutJobId = (messageId: string) => `message-${messageId}`;

/**
 * Moves outbox rows to BullMQ, one fan-out job per message (job id derived
 * from the message id, so queuing twice makes one job). Woken by the NOTIFY
 * of each send's transaction (LISTEN on a connection of its own) and by a
 * periodic poll, the safety net for a lost notification or a restarted
 * listener. Rows are claimed with FOR UPDATE SKIP LOCKED in a transaction held
 * until their jobs are queued, so several workers never queue the same row at
 * once and a worker killed mid-relay leaves nothing claimed; while Redis is
 * down the claim rolls back and the rows wait, and relaying resumes when it
 * returns. A queued row is queued again after MESSAGE_RELAY_LEASE_MS unless
 * its fan-out has finished, in case Redis lost the job.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private queue?: Queue<MessageFanOutJob>;
  private listener?: Client;
  private poll?: NodeJS.Timeout;
  private reconnect?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private again = false;
  private stopped = false;
  private failing = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly redis: RedisService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Without the offline queue an add fails at once while Redis is down, instead of waiting.
    this.queue = new Queue<MessageFanOutJob>(QueueName.Messages, {
      connection: this.redis.connect({
        connectionName: 'fpn:message-relay',
        enableOfflineQueue: false,
      }),
      prefix: this.redis.key('bull'),
    });
    this.queue.on('error', () => undefined);
    await this.listen().catch(() => this.reconnectSoon());
    this.poll = setInterval(() => this.wake(), this.config.messaging.relayPollMs);
    this.wake();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.poll);
    clearTimeout(this.reconnect);
    await this.running;
    await this.listener?.end().catch(() => undefined);
    await this.queue?.close();
  }

  /** Relays now, or once more after the round in progress. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.relayAll().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.wake();
      }
    });
  }

  /** Relays until the outbox has nothing due; returns how many rows were queued. */
  async relayAll(): Promise<number> {
    let relayed = 0;
    try {
      for (;;) {
        const count = await this.relayBatch();
        relayed += count;
        if (count < BATCH_SIZE) break;
      }
      if (this.failing) this.logger.log('message relay: queuing again');
      this.failing = false;
    } catch (error) {
      // One line per outage, not one per poll.
      if (!this.failing) {
        this.logger.warn(
          { err: (error as Error).message },
          'message relay: cannot queue now; the outbox keeps the messages and the relay retries',
        );
      }
      this.failing = true;
    }
    return relayed;
  }

  private relayBatch(): Promise<number> {
    // The claim is a transaction held across the queuing: rows stay locked (FOR UPDATE SKIP
    // LOCKED, so other workers take other rows) until the jobs are in Redis and relayed_at is
    // written. A worker that dies or a Redis that fails in between rolls the claim back at
    // once, and the rows are relayed again by the next round of any worker.
    // The lease (PostgreSQL's clock, one for every replica; not a business deadline, those
    // follow the injected Clock) is only how long a queued job may take before its row is
    // queued again, in case Redis lost the job.
    return this.dataSource.transaction(async (manager) => {
      const claimed = (await manager.query(
        `SELECT message_id FROM message_outbox
          WHERE status = 'pending'
            AND (relayed_at IS NULL OR relayed_at < now() - make_interval(secs => $1 / 1000.0))
          ORDER BY created_at
          LIMIT $2
            FOR UPDATE SKIP LOCKED`,
        [this.config.messaging.relayLeaseMs, BATCH_SIZE],
      )) as { message_id: string }[];
      if (claimed.length === 0) return 0;
      const ids = claimed.map((row) => row.message_id);
      await this.enqueue(ids);
      await manager.query(
        `UPDATE message_outbox SET relayed_at = now(), relay_count = relay_count + 1
          WHERE message_id = ANY($1)`,
        [ids],
      );
      return ids.length;
    });
  }

  private async enqueue(messageIds: string[]): Promise<void> {
    const { deliveryAttempts, deliveryBackoffMs } = this.config.messaging;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error('Redis did not answer in time')), QUEUE_TIMEOUT_MS);
    });
    try {
      await Promise.race([
        this.queue!.addBulk(
          messageIds.map((messageId) => ({
            name: 'fan-out',
            data: { messageId },
            opts: {
              jobId: fanOutJobId(messageId),
              attempts: deliveryAttempts,
              backoff: { type: 'exponential', delay: deliveryBackoffMs },
              // The outbox row is the record: a finished or given-up job leaves nothing in Redis.
              removeOnComplete: true,
              removeOnFail: true,
            },
          })),
        ),
        timeout,
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async listen(): Promise<void> {
    const client = new Client({
      connectionString: this.config.database.url,
      connectionTimeoutMillis: this.config.database.connectTimeoutMs,
      application_name: 'fpn:message-relay',
    });
    client.on('notification', () => this.wake());
    client.on('error', () => this.reconnectSoon());
    client.on('end', () => this.reconnectSoon());
    await client.connect();
    await client.query(`LISTEN ${MESSAGE_OUTBOX_CHANNEL}`);
    this.listener = client;
    // Whatever was committed while nobody listened.
    this.wake();
  }

  private reconnectSoon(): void {
    if (this.stopped || this.reconnect) return;
    const previous = this.listener;
    this.listener = undefined;
    void previous?.end().catch(() => undefined);
    this.reconnect = setTimeout(() => {
      this.reconnect = undefined;
      this.listen().catch(() => this.reconnectSoon());
    }, RECONNECT_DELAY_MS);
  }
}
