import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Clock, DomainError, ErrorCode } from '@fpn/core';
import { DataSource } from 'typeorm';
import { NotificationEntity } from '../entities/notification.entity';

export const MAX_PAGE_SIZE = 100;
export const MAX_MARK_READ = 500;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Cursor {
  createdAt: Date;
  id: string;
}

/** Opaque to clients: the position of the last entry seen (time and id, ties broken by id). */
export function encodeCursor(entry: Cursor): string {
  return Buffer.from(`${entry.createdAt.toISOString()}|${entry.id}`).toString('base64url');
}

export function decodeCursor(cursor: string): Cursor {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(at ?? '');
  if (!id || !UUID.test(id) || Number.isNaN(createdAt.getTime()) || cursor.length > 200) {
    throw new DomainError(ErrorCode.BadUserInput, 'after is not a cursor of this list', {
      field: 'after',
    });
  }
  return { createdAt, id };
}

/** One account's own notifications: list, count, mark read. Every query is bound to `userId`. */
@Injectable()
export class NotificationInbox {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async page(userId: string, options: { first: number; after?: string; unreadOnly: boolean }) {
    const { first } = options;
    if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
      throw new DomainError(ErrorCode.BadUserInput, `first must be 1 to ${MAX_PAGE_SIZE}`, {
        field: 'first',
      });
    }
    const query = this.dataSource
      .getRepository(NotificationEntity)
      .createQueryBuilder('n')
      .where('n.user_id = :userId', { userId })
      .orderBy('n.created_at', 'DESC')
      .addOrderBy('n.id', 'DESC')
      .take(first + 1);
    if (options.after) {
      const cursor = decodeCursor(options.after);
      query.andWhere('(n.created_at, n.id) < (:at, :id)', { at: cursor.createdAt, id: cursor.id });
    }
    if (options.unreadOnly) query.andWhere('n.read_at IS NULL');
    const rows = await query.getMany();
    const entries = rows.slice(0, first);
    return {
      entries,
      nextCursor: rows.length > first ? encodeCursor(entries[entries.length - 1]) : null,
    };
  }

  async unreadCount(userId: string): Promise<number> {
    return this.dataSource
      .getRepository(NotificationEntity)
      .createQueryBuilder('n')
      .where('n.user_id = :userId AND n.read_at IS NULL', { userId })
      .getCount();
  }

  /** Marks the account's own unread ones among `ids`; returns how many. Others' ids count 0. */
  async markRead(userId: string, ids: string[]): Promise<number> {
    if (ids.length > MAX_MARK_READ) {
      throw new DomainError(ErrorCode.BadUserInput, `at most ${MAX_MARK_READ} ids at once`, {
        field: 'ids',
      });
    }
    const valid = ids.filter((id) => UUID.test(id));
    if (valid.length === 0) return 0;
    return this.mark(userId, valid);
  }

  async markAllRead(userId: string): Promise<number> {
    return this.mark(userId);
  }

  private async mark(userId: string, ids?: string[]): Promise<number> {
    const [, count] = (await this.dataSource.query(
      `UPDATE notification SET read_at = $2
        WHERE user_id = $1 AND read_at IS NULL ${ids ? 'AND id = ANY($3::uuid[])' : ''}`,
      ids ? [userId, this.clock.now(), ids] : [userId, this.clock.now()],
    )) as [unknown, number];
    return count;
  }
}
