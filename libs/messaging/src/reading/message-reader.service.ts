import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { NotFoundError } from '@fpn/core';
import { DataSource } from 'typeorm';
import type { MessagingCaller } from '../caller/messaging-caller';
import { MessageDeliveryEntity } from '../entities/message-delivery.entity';
import { MessageEntity } from '../entities/message.entity';
import {
  decodeDeliveryCursor,
  decodeMessageCursor,
  decodeThreadCursor,
  encodeDeliveryCursor,
  encodeMessageCursor,
  encodeThreadCursor,
  pageSize,
} from './cursors';
import { visibilityOf, visibleMessage, visibleThread, type Visibility } from './message-visibility';
import { assertReceivingDevice } from './receiving-devices';
import { threadQuery, threadRecords, type ThreadRecord } from './thread-records';

export const MAX_INBOX_PAGE = 200;
export const MAX_MESSAGE_PAGE = 200;
export const MAX_THREAD_PAGE = 100;

export interface Page<T> {
  items: T[];
  endCursor: string | null;
  hasNextPage: boolean;
}

export interface InboxEntry {
  cursor: string;
  message: MessageEntity;
}

/**
 * Reading messages: a device's inbox (catch-up from its cursor), threads and
 * their messages for those who take part, one message by id. Whatever the
 * caller may not read does not exist for them (NOT_FOUND).
 */
@Injectable()
export class MessageReader {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Deliveries to one of the caller's devices after the cursor, oldest first. */
  async inbox(
    caller: MessagingCaller,
    deviceId: string,
    options: { after?: string | null; first: number },
  ): Promise<Page<InboxEntry>> {
    const first = pageSize(options.first, MAX_INBOX_PAGE);
    const after = options.after ? decodeDeliveryCursor(options.after, 'after') : '0';
    await assertReceivingDevice(this.dataSource.manager, caller, deviceId);
    const rows = await this.dataSource.manager
      .createQueryBuilder(MessageDeliveryEntity, 'd')
      .innerJoinAndSelect('d.message', 'm')
      .where('d.device_id = :deviceId AND d.id > :after', { deviceId, after })
      .orderBy('d.id', 'ASC')
      .limit(first + 1)
      .getMany();
    const items = rows
      .slice(0, first)
      .map((row) => ({ cursor: encodeDeliveryCursor(row.id), message: row.message! }));
    return {
      items,
      endCursor: items.at(-1)?.cursor ?? null,
      hasNextPage: rows.length > first,
    };
  }

  async message(caller: MessagingCaller, id: string): Promise<MessageEntity> {
    const visible = visibleMessage(await this.visibility(caller));
    const message = await this.dataSource.manager
      .createQueryBuilder(MessageEntity, 'm')
      .where('m.id = :id', { id })
      .andWhere(visible.sql, visible.params)
      .getOne();
    if (!message) throw new NotFoundError('Message', id);
    return message;
  }

  async thread(caller: MessagingCaller, id: string): Promise<ThreadRecord> {
    const visible = visibleThread(await this.visibility(caller));
    const [thread] = await threadRecords(
      threadQuery(this.dataSource.manager)
        .where('t.id = :id', { id })
        .andWhere(visible.sql, visible.params),
    );
    if (!thread) throw new NotFoundError('Thread', id);
    return thread;
  }

  /** The threads the caller takes part in, most recent activity first. */
  async threads(
    caller: MessagingCaller,
    options: { after?: string | null; first: number },
  ): Promise<Page<ThreadRecord>> {
    const first = pageSize(options.first, MAX_THREAD_PAGE);
    const visible = visibleThread(await this.visibility(caller));
    const query = threadQuery(this.dataSource.manager)
      .where(visible.sql, visible.params)
      .orderBy('t.lastMessageAt', 'DESC')
      .addOrderBy('t.id', 'DESC')
      .limit(first + 1);
    if (options.after) {
      const cursor = decodeThreadCursor(options.after);
      query.andWhere('(t.last_message_at, t.id) < (:at, :id)', {
        at: cursor.lastMessageAt,
        id: cursor.id,
      });
    }
    const rows = await threadRecords(query);
    const items = rows.slice(0, first);
    const last = items.at(-1);
    return {
      items,
      endCursor: last ? encodeThreadCursor(last) : null,
      hasNextPage: rows.length > first,
    };
  }

  /** A thread's messages the caller may read, oldest first. */
  async threadMessages(
    caller: MessagingCaller,
    threadId: string,
    options: { after?: string | null; first: number },
  ): Promise<Page<MessageEntity>> {
    const first = pageSize(options.first, MAX_MESSAGE_PAGE);
    const visible = visibleMessage(await this.visibility(caller));
    const query = this.dataSource.manager
      .createQueryBuilder(MessageEntity, 'm')
      .where('m.thread_id = :threadId', { threadId })
      .andWhere(visible.sql, visible.params)
      .orderBy('m.seq', 'ASC')
      .limit(first + 1);
    if (options.after) query.andWhere('m.seq > :seq', { seq: decodeMessageCursor(options.after) });
    const rows = await query.getMany();
    const items = rows.slice(0, first);
    const last = items.at(-1);
    return {
      items,
      endCursor: last ? encodeMessageCursor(last.seq) : null,
      hasNextPage: rows.length > first,
    };
  }

  visibility(caller: MessagingCaller): Promise<Visibility> {
    return visibilityOf(this.dataSource.manager, caller);
  }
}
