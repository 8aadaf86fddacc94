import { Redis } from 'ioredis';

export interface RedisKeyDump {
  key: string;
  type: string;
  /** Every value the key holds, as bytes: a string's value; a hash's fields and values; list, set and sorted-set members (and scores); stream ids, fields and values. */
  values: Buffer[];
  /** The key's DUMP serialization (Redis's own format; long values may be LZF-compressed). */
  serialized: Buffer | null;
}

/**
 * Every key under `<prefix>:` and everything it holds, read by type, as bytes
 * (the Redis counterpart of `dumpAllTables`). Keys that expire or change while
 * it reads are taken as they are then.
 */
export async function dumpRedisKeys(url: string, prefix: string): Promise<RedisKeyDump[]> {
  const redis = new Redis(url, { maxRetriesPerRequest: 3 });
  redis.on('error', () => undefined);
  try {
    const keys = new Set<string>();
    let cursor = '0';
    do {
      const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      for (const key of found) keys.add(key);
      cursor = next;
    } while (cursor !== '0');
    const dumps: RedisKeyDump[] = [];
    for (const key of [...keys].sort()) {
      const type = await redis.type(key);
      const values = await readValues(redis, key, type);
      const serialized = await redis.dumpBuffer(key);
      if (type !== 'none') dumps.push({ key, type, values, serialized });
    }
    return dumps;
  } finally {
    redis.disconnect();
  }
}

async function readValues(redis: Redis, key: string, type: string): Promise<Buffer[]> {
  switch (type) {
    case 'string': {
      const value = await redis.getBuffer(key);
      return value ? [value] : [];
    }
    case 'hash':
      return flattenHash(await redis.hgetallBuffer(key));
    case 'list':
      return redis.lrangeBuffer(key, 0, -1);
    case 'set':
      return redis.smembersBuffer(key);
    case 'zset':
      return redis.zrangeBuffer(key, 0, -1, 'WITHSCORES');
    case 'stream': {
      const entries = await redis.xrangeBuffer(key, '-', '+');
      return entries.flatMap(([id, fields]) => [id, ...fields]);
    }
    default:
      return [];
  }
}

function flattenHash(hash: Record<string, Buffer>): Buffer[] {
  return Object.entries(hash).flatMap(([field, value]) => [Buffer.from(field), value]);
}
