/** One item's outcome in a batch: its value, or why it failed (that item alone). */
export type BatchOutcome<R> = { value: R } | { error: unknown };

export interface GatheredBatchesOptions<T> {
  /** At most this many items in one batch. */
  maxBatch: number;
  /** Items with the same key never share a batch: the later one waits for the next. */
  keyOf?: (item: T) => string;
}

interface Waiting<T, R> {
  item: T;
  resolve: (value: R) => void;
  reject: (error: unknown) => void;
}

/**
 * Frequent small statements written together: while one batch runs, the
 * items that arrive wait and go in the next one — none waits when nothing
 * runs, and under load one statement serves many requests (as PostgreSQL's
 * group commit does for commits). `run` answers every item of its batch in
 * order, each alone; if it throws, every item of that batch fails with it.
 */
export class GatheredBatches<T, R> {
  private waiting: Waiting<T, R>[] = [];
  private running = false;

  constructor(
    private readonly run: (items: T[]) => Promise<BatchOutcome<R>[]>,
    private readonly options: GatheredBatchesOptions<T>,
  ) {}

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (!this.running) void this.runAll();
    });
  }

  private async runAll(): Promise<void> {
    this.running = true;
    try {
      while (this.waiting.length > 0) await this.runNext();
    } finally {
      // In the same turn as the last look at `waiting`: nothing can arrive in between.
      this.running = false;
    }
  }

  private async runNext(): Promise<void> {
    const batch: Waiting<T, R>[] = [];
    const later: Waiting<T, R>[] = [];
    const keys = new Set<string>();
    for (const waiting of this.waiting) {
      const key = this.options.keyOf?.(waiting.item);
      if (batch.length < this.options.maxBatch && (key === undefined || !keys.has(key))) {
        if (key !== undefined) keys.add(key);
        batch.push(waiting);
      } else {
        later.push(waiting);
      }
    }
    this.waiting = later;
    let outcomes: BatchOutcome<R>[];
    try {
      outcomes = await this.run(batch.map((waiting) => waiting.item));
    } catch (error) {
      for (const waiting of batch) waiting.reject(error);
      return;
    }
    batch.forEach((waiting, index) => {
      const outcome = outcomes[index];
      if (outcome && 'value' in outcome) waiting.resolve(outcome.value);
      else waiting.reject(outcome ? outcome.error : new Error('no outcome for a batched item'));
    });
  }
}
