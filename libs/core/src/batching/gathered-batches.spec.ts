import { type BatchOutcome, GatheredBatches } from './gathered-batches';

/** A run that records its batches and waits until released. */
function recordingRun() {
  const batches: string[][] = [];
  const releases: (() => void)[] = [];
  const run = async (items: string[]): Promise<BatchOutcome<string>[]> => {
    batches.push(items);
    await new Promise<void>((resolve) => releases.push(resolve));
    return items.map((item) =>
      item.startsWith('bad') ? { error: new Error(item) } : { value: item.toUpperCase() },
    );
  };
  const releaseNext = async () => {
    while (releases.length === 0) await new Promise((resolve) => setImmediate(resolve));
    releases.shift()!();
  };
  return { batches, run, releaseNext };
}

describe('GatheredBatches', () => {
  it('runs an item at once when idle, and gathers what arrives meanwhile into one batch', async () => {
    const { batches, run, releaseNext } = recordingRun();
    const gathered = new GatheredBatches(run, { maxBatch: 10 });
    const first = gathered.submit('a');
    const rest = ['b', 'c', 'd'].map((item) => gathered.submit(item));
    expect(batches).toEqual([['a']]);
    await releaseNext();
    await releaseNext();
    await expect(Promise.all([first, ...rest])).resolves.toEqual(['A', 'B', 'C', 'D']);
    expect(batches).toEqual([['a'], ['b', 'c', 'd']]);
  });

  it('answers each item alone: one failure is nobody else’s', async () => {
    const { run, releaseNext } = recordingRun();
    const gathered = new GatheredBatches(run, { maxBatch: 10 });
    const answers = Promise.allSettled(['x', 'bad-y', 'z'].map((item) => gathered.submit(item)));
    await releaseNext();
    await releaseNext();
    expect((await answers).map((answer) => answer.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
  });

  it('keeps items of one key, and more than maxBatch, for later batches', async () => {
    const { batches, run, releaseNext } = recordingRun();
    const gathered = new GatheredBatches(run, { maxBatch: 2, keyOf: (item) => item[0] });
    const all = ['a1', 'a2', 'b1', 'c1', 'a3'].map((item) => gathered.submit(item));
    for (let i = 0; i < 3; i++) await releaseNext();
    await Promise.all(all);
    expect(batches).toEqual([['a1'], ['a2', 'b1'], ['c1', 'a3']]);
  });

  it('fails a whole batch when its run throws, and goes on with the next', async () => {
    let calls = 0;
    const gathered = new GatheredBatches<string, string>(
      async (items) => {
        calls += 1;
        if (calls === 1) throw new Error('statement failed');
        return items.map((value) => ({ value }));
      },
      { maxBatch: 10 },
    );
    const failed = gathered.submit('a');
    const next = gathered.submit('b');
    await expect(failed).rejects.toThrow('statement failed');
    await expect(next).resolves.toBe('b');
  });
});
