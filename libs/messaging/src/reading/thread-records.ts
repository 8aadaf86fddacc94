import type { EntityManager, SelectQueryBuilder } from 'typeorm';
import { MessageThreadEntity } from '../entities/message-thread.entity';

/** A thread with its network's key (null for a direct thread). */
export type ThreadRecord = MessageThreadEntity & { networkKey: string | null };

/** Threads with their network's key, for one query builder to narrow and page. */
export function threadQuery(manager: EntityManager): SelectQueryBuilder<MessageThreadEntity> {
  return manager
    .createQueryBuilder(MessageThreadEntity, 't')
    .leftJoin('network', 'n', 'n.id = t.network_id')
    .addSelect('n.key', 'network_key');
}

/** Runs a thread query, keeping each thread's network key. */
export async function threadRecords(
  query: SelectQueryBuilder<MessageThreadEntity>,
): Promise<ThreadRecord[]> {
  const { entities, raw } = await query.getRawAndEntities<{ t_id: string; network_key: string }>();
  const keys = new Map(raw.map((row) => [row.t_id, row.network_key ?? null]));
  return entities.map((thread) =>
    Object.assign(thread, { networkKey: keys.get(thread.id) ?? null }),
  );
}

export async function findThread(
  manager: EntityManager,
  threadId: string,
): Promise<ThreadRecord | null> {
  const [thread] = await threadRecords(
    threadQuery(manager).where('t.id = :threadId', { threadId }),
  );
  return thread ?? null;
}
