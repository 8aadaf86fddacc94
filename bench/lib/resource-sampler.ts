import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import pidusage from 'pidusage';

/** A process, or a group of them (PostgreSQL's server and its backends), sampled together. */
export interface SampledTarget {
  name: string;
  pids(): Promise<number[]> | number[];
}

/** CPU used in a window (100 % = one core) and the peak resident memory seen. */
export interface ResourceUse {
  cpuPercent: number;
  peakRssMb: number;
}

interface PidSample {
  ctimeMs: number;
  rssBytes: number;
}

/** What one window saw of one target. */
class TargetWindow {
  readonly first = new Map<number, number>();
  readonly last = new Map<number, number>();
  peakRss = 0;

  add(samples: Map<number, PidSample>): void {
    let rss = 0;
    for (const [pid, sample] of samples) {
      if (!this.first.has(pid)) this.first.set(pid, sample.ctimeMs);
      this.last.set(pid, sample.ctimeMs);
      rss += sample.rssBytes;
    }
    this.peakRss = Math.max(this.peakRss, rss);
  }

  cpuMs(): number {
    let total = 0;
    for (const [pid, last] of this.last) total += last - (this.first.get(pid) ?? last);
    return total;
  }
}

/** An open measurement window; `end()` gives each target's CPU and peak RSS over it. */
export interface SamplingWindow {
  end(): Promise<Record<string, ResourceUse>>;
}

/**
 * Samples CPU time and resident memory of the api, the worker, PostgreSQL,
 * Redis and the load generator every `intervalMs` (pidusage), so each step
 * of a benchmark can say what it cost each process.
 */
export class ResourceSampler {
  private timer?: NodeJS.Timeout;
  private readonly windows = new Set<{ started: number; targets: Map<string, TargetWindow> }>();

  constructor(
    private readonly targets: SampledTarget[],
    private readonly intervalMs = 500,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => void this.sample(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  async window(): Promise<SamplingWindow> {
    const window = {
      started: performance.now(),
      targets: new Map(this.targets.map((target) => [target.name, new TargetWindow()])),
    };
    this.windows.add(window);
    await this.sample();
    return {
      end: async () => {
        await this.sample();
        this.windows.delete(window);
        const wallMs = performance.now() - window.started;
        return Object.fromEntries(
          [...window.targets].map(([name, target]) => [
            name,
            {
              cpuPercent: wallMs > 0 ? (target.cpuMs() / wallMs) * 100 : 0,
              peakRssMb: target.peakRss / 1024 / 1024,
            },
          ]),
        );
      },
    };
  }

  private async sample(): Promise<void> {
    if (!this.windows.size) return;
    for (const target of this.targets) {
      const samples = new Map<number, PidSample>();
      for (const pid of await target.pids()) {
        try {
          const stat = await pidusage(pid);
          samples.set(pid, { ctimeMs: stat.ctime, rssBytes: stat.memory });
        } catch {
          // gone since it was listed
        }
      }
      for (const window of this.windows) window.targets.get(target.name)?.add(samples);
    }
  }
}

/** Whether this kernel lists each task's children (`/proc/<pid>/task/<tid>/children`). */
const CHILDREN_LISTED = existsSync(`/proc/${process.pid}/task/${process.pid}/children`);

/**
 * A process and all its children (PostgreSQL's postmaster and its backends),
 * from /proc: each process's own list of children where the kernel keeps one
 * (a few small reads), else by reading every process's parent. Reading all of
 * /proc every half second was itself a burst of work in the load generator —
 * the process that times the requests — twice a second.
 */
export async function processTree(root: number): Promise<number[]> {
  if (!CHILDREN_LISTED) return processTreeByParents(root);
  const tree = [root];
  for (let i = 0; i < tree.length; i++) tree.push(...(await childrenOf(tree[i])));
  return tree;
}

async function childrenOf(pid: number): Promise<number[]> {
  const children: number[] = [];
  for (const task of await readdir(`/proc/${pid}/task`).catch(() => [] as string[])) {
    const listed = await readFile(`/proc/${pid}/task/${task}/children`, 'utf8').catch(() => '');
    for (const child of listed.split(' ')) if (child.trim()) children.push(Number(child));
  }
  return children;
}

async function processTreeByParents(root: number): Promise<number[]> {
  const parents = new Map<number, number>();
  for (const entry of await readdir('/proc').catch(() => [] as string[])) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid …; comm may hold spaces and parentheses.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(Number(entry), ppid);
    } catch {
      // exited while listed
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) {
    for (const [pid, ppid] of parents) if (ppid === tree[i]) tree.push(pid);
  }
  return tree;
}

/**
 * A server's processes (PostgreSQL: the postmaster and every backend), listed
 * again at most every 5 s as backends come and go — listing is not free.
 */
export function processTreeOf(root: number | undefined): () => Promise<number[]> {
  let pids: number[] = [];
  let listedAt = -Infinity;
  return async () => {
    if (root === undefined) return [];
    if (performance.now() - listedAt > 5000) {
      pids = await processTree(root);
      listedAt = performance.now();
    }
    return pids;
  };
}
