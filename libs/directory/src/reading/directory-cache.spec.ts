import type { AppConfig } from '@fpn/config';
import type { DataSource } from 'typeorm';
import { DirectoryCache } from './directory-cache';

/** A cache over a directory whose generation the test moves. */
function cacheAt(entries: number) {
  const directory = { generation: 1, reads: 0 };
  const dataSource = {
    query: async () => {
      directory.reads += 1;
      return [{ generation: String(directory.generation) }];
    },
  } as unknown as DataSource;
  const cache = new DirectoryCache(dataSource, {
    directory: { cacheEntries: entries },
  } as AppConfig);
  return { cache, directory };
}

const loader = (answer: () => object) => {
  const load = jest.fn(async () => answer());
  return load;
};

describe('DirectoryCache', () => {
  it('keeps an answer under the generation it was read in, and reads again once the directory moved', async () => {
    const { cache, directory } = cacheAt(100);
    const load = loader(() => ({ names: ['Aigerim'] }));
    const g1 = await cache.generation();
    expect(await cache.read(g1, 'page', () => 1, load)).toEqual({ names: ['Aigerim'] });
    expect(await cache.read(await cache.generation(), 'page', () => 1, load)).toEqual({
      names: ['Aigerim'],
    });
    expect(load).toHaveBeenCalledTimes(1);
    directory.generation = 2;
    await cache.read(await cache.generation(), 'page', () => 1, load);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('does not keep what a request read under a generation older than the newest seen', async () => {
    const { cache, directory } = cacheAt(100);
    const old = await cache.generation();
    directory.generation = 2;
    const newest = await cache.generation();
    // The request that read generation 1 finishes after one that read 2 began.
    const stale = loader(() => ({ title: 'before the change' }));
    expect(await cache.read(old, 'page', () => 1, stale)).toEqual({ title: 'before the change' });
    const fresh = loader(() => ({ title: 'after the change' }));
    expect(await cache.read(newest, 'page', () => 1, fresh)).toEqual({ title: 'after the change' });
    expect(fresh).toHaveBeenCalledTimes(1);
  });

  it('drops an answer whose load outlived the generation it began in', async () => {
    const { cache, directory } = cacheAt(100);
    const g1 = await cache.generation();
    const slow = loader(() => ({ title: 'read while the directory changed' }));
    const pending = cache.read(
      g1,
      'page',
      () => 1,
      async () => {
        directory.generation = 2;
        await cache.generation();
        return slow();
      },
    );
    await pending;
    const next = loader(() => ({ title: 'read after' }));
    expect(await cache.read(await cache.generation(), 'page', () => 1, next)).toEqual({
      title: 'read after',
    });
    expect(next).toHaveBeenCalledTimes(1);
  });

  it('keeps answers frozen: a caller cannot change what the next one reads', async () => {
    const { cache } = cacheAt(100);
    const generation = await cache.generation();
    const answer = await cache.read(
      generation,
      'page',
      () => 1,
      async () => ({
        entries: [{ title: 'Liaison Officer', languages: ['en'] }],
      }),
    );
    expect(() => {
      answer.entries[0].title = 'changed';
    }).toThrow(TypeError);
    expect(() => answer.entries[0].languages.push('ru')).toThrow(TypeError);
  });

  it('keeps at most the configured number of entries, dropping the least recently used', async () => {
    const { cache } = cacheAt(3);
    const generation = await cache.generation();
    const loads = { a: loader(() => ({})), b: loader(() => ({})) };
    await cache.read(generation, 'a', () => 2, loads.a);
    await cache.read(generation, 'b', () => 2, loads.b);
    await cache.read(generation, 'a', () => 2, loads.a);
    expect(loads.a).toHaveBeenCalledTimes(2);
    expect(loads.b).toHaveBeenCalledTimes(1);
  });

  it('shares a generation read among requests that ask together, never one begun before them', async () => {
    const { cache, directory } = cacheAt(100);
    const first = cache.generation();
    // Asked while the first read runs: after a change the first read may not have seen.
    directory.generation = 2;
    const [second, third] = [cache.generation(), cache.generation()];
    expect(await first).toBe(1);
    expect([await second, await third]).toEqual([2, 2]);
    expect(directory.reads).toBe(2);
  });

  it('reads the generation once per request, whoever asks', async () => {
    const { cache, directory } = cacheAt(100);
    const request = {};
    expect(await cache.generationOf(request)).toBe(1);
    directory.generation = 2;
    expect(await cache.generationOf(request)).toBe(1);
    expect(await cache.generationOf({})).toBe(2);
    expect(directory.reads).toBe(2);
  });

  it('with DIRECTORY_CACHE_ENTRIES=0 reads neither the generation nor any kept answer', async () => {
    const { cache, directory } = cacheAt(0);
    const generation = await cache.generation();
    expect(generation).toBeNull();
    const load = loader(() => ({}));
    await cache.read(generation, 'page', () => 1, load);
    await cache.read(generation, 'page', () => 1, load);
    expect(load).toHaveBeenCalledTimes(2);
    expect(directory.reads).toBe(0);
  });
});
