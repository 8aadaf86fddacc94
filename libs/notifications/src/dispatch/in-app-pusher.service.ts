import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { LiveEvents } from '@fpn/queue';
import { DataSource } from 'typeorm';
import type { NotificationParam } from '../notification-kind';

const BATCH_SIZE = 50;

/** What a signed-in client hears on `notificationAdded`. */
export interface NotificationEvent {
  id: string;
  kind: string;
  params: Record<string, NotificationParam>;
  /** ISO 8601 (the event crosses Redis as JSON). */
  createdAt: string;
}

/** The live channel of one account's notifications. */
export const notificationChannel = (userId: string) => `notifications:${userId}`;

/**
 * Pushes new in-app notifications to their owners' open subscriptions, once
 * each. Best effort by nature: a client that was offline lists them with the
 * `notifications` query.
 */
@Injectable()
export class InAppPusher {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly live: LiveEvents,
  ) {}

  async pushDue(now: Date): Promise<number> {
    let pushed = 0;
    for (;;) {
      const count = await this.dataSource.transaction(async (manager) => {
        const rows = (await manager.query(
          `SELECT id, user_id, kind, params, created_at FROM notification
            WHERE pushed_at IS NULL
            ORDER BY created_at
            LIMIT $1
              FOR UPDATE SKIP LOCKED`,
          [BATCH_SIZE],
        )) as {
          id: string;
          user_id: string;
          kind: string;
          params: Record<string, NotificationParam>;
          created_at: Date;
        }[];
        for (const row of rows) {
          await this.live.publish<NotificationEvent>(notificationChannel(row.user_id), {
            id: row.id,
            kind: row.kind,
            params: row.params,
            createdAt: row.created_at.toISOString(),
          });
        }
        if (rows.length > 0) {
          await manager.query(`UPDATE notification SET pushed_at = $2 WHERE id = ANY($1::uuid[])`, [
            rows.map((row) => row.id),
            now,
          ]);
        }
        return rows.length;
      });
      pushed += count;
      if (count < BATCH_SIZE) return pushed;
    }
  }
}
