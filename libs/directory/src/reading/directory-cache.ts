import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AppConfig } from '@fpn/config';
import { GatheredBatches } from '@fpn/core';
import { LRUCache } from 'lru-cache';
import { DataSource } from 'typeorm';

/**
 * What this api process read of the directory, kept across requests until the
 * directory next changes (docs/directory.md, "Answers kept across requests").
 *
 * Every statement writing a directory table moves `directory_generation` in
 * its own transaction (migration 1796060000000). A request reads the
 * generation first — one row — and asks for answers under it: an answer is
 * kept under the generation its request read, and only while that is the
 * newest this process has seen, so nothing read before a change is served
 * after it. An answer read after a change under an older generation can only
 * be newer than its key; it is dropped with the rest when the process sees
 * the next generation.
 *
 * The key of an answer is everything its statement depends on — its SQL text
 * and parameters, where the reader's scope is spelled out — so two callers
 * share an answer only where the same statement would answer both alike.
 * Kept answers are frozen: a caller that tried to change one would throw
 * rather than change what the next caller reads.
 */
@Injectable()
export class DirectoryCache {
  private readonly answers?: LRUCache<string, { value: unknown }>;
  /** The newest generation seen; answers are kept under it only. */
  private newest = 0;
  private readonly requestGenerations = new WeakMap<object, Promise<number | null>>();
  /**
   * Requests that ask while a read runs share the next one — which starts
   * after each of them began, so it sees every change committed before.
   */
  private readonly generationReads = new GatheredBatches<null, number>(
    async (requests) => {
      const [row] = await this.dataSource.query<{ generation: string }[]>(
        'SELECT generation FROM directory_generation WHERE id = $1',
        [true],
      );
      const generation = Number(row.generation);
      return requests.map(() => ({ value: generation }));
    },
    { maxBatch: Number.MAX_SAFE_INTEGER },
  );

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    config: AppConfig,
  ) {
    const entries = config.directory.cacheEntries;
    if (entries > 0) {
      this.answers = new LRUCache({ maxSize: entries, sizeCalculation: () => 1 });
    }
  }

  /**
   * The generation a request reads by, read once per request object: whoever
   * asks first (the whole-answer plugin, else the directory scope) reads it.
   */
  generationOf(request: object): Promise<number | null> {
    let generation = this.requestGenerations.get(request);
    if (!generation) {
      generation = this.generation();
      this.requestGenerations.set(request, generation);
    }
    return generation;
  }

  /** The directory's generation now; null when nothing is kept (`DIRECTORY_CACHE_ENTRIES=0`). */
  async generation(): Promise<number | null> {
    if (!this.answers) return null;
    const generation = await this.generationReads.submit(null);
    if (generation > this.newest) {
      this.newest = generation;
      this.answers.clear();
    }
    return generation;
  }

  /**
   * The answer kept for `key` under `generation`, or `load`'s — kept, frozen,
   * counting `size` entries against the limit, if `generation` is still the
   * newest when it arrives. Without a generation (nothing kept, or a reader
   * built elsewhere): `load`'s, kept nowhere.
   */
  async read<T extends object>(
    generation: number | null | undefined,
    key: string,
    size: (value: T) => number,
    load: () => Promise<T>,
  ): Promise<T> {
    const kept = this.kept<T>(generation, key);
    if (kept) return kept;
    const value = await load();
    this.keep(generation, key, value, size(value));
    return value;
  }

  /** The answer kept for `key` under `generation`, if any. */
  kept<T>(generation: number | null | undefined, key: string): T | undefined {
    if (!this.answers || generation == null || generation < this.newest) return undefined;
    return this.answers.get(key)?.value as T | undefined;
  }

  /**
   * Keeps `value` (frozen) for `key`, counting `size` entries, if `generation`
   * is still the newest this process has seen.
   */
  keep(generation: number | null | undefined, key: string, value: object, size: number): void {
    if (!this.answers || generation == null || generation !== this.newest) return;
    this.answers.set(key, { value: deepFreeze(value) }, { size: Math.max(1, size) });
  }
}

/** The key of a statement's answer: its text and its parameters. */
export function statementKey(sql: string, parameters: unknown): string {
  return `${sql}\u0000${JSON.stringify(parameters)}`;
}

function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  Object.freeze(value);
  if (value instanceof Map) {
    for (const item of value.values()) deepFreeze(item);
  } else {
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}
