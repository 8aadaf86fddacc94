import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findFreePort } from '@fpn/core';
import { REPO_ROOT } from './lib/app-processes';
import { onCleanup, runBenchmark } from './lib/cleanup';
import { numberOption, parseOptions } from './lib/options';
import { progress, sleep } from './lib/progress';
import {
  describeMachine,
  fmt,
  machineInfo,
  median,
  printTables,
  type ReportTable,
  writeResults,
} from './lib/report';
import { processTree } from './lib/resource-sampler';

const HELP = `npm run bench:startup [-- options]
  --quick              one repetition: checks the benchmark works
  --repeat n           repetitions of (first run, warm run) (default 3)
  --out file.json      where to write the JSON (default bench/results/startup.json)`;

/** One `npm start`, from the command to its ready line and from Ctrl-C to its exit. */
interface StartupRun {
  kind: 'first' | 'warm';
  /** From spawning `npm start` (build check included) to the ready line. */
  wallSeconds: number;
  /** What the launcher printed ("ready in N s": from its own start). */
  launcherSeconds: number;
  /** From Ctrl-C (SIGINT to the process group) to the last process gone. */
  stopSeconds: number;
  /** Resident memory of the idle api and worker one second after ready. */
  apiRssMb: number;
  workerRssMb: number;
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function rssOf(pids: number[], entry: string): Promise<number> {
  for (const pid of pids) {
    const command = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (!command.includes(entry)) continue;
    const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return kb / 1024;
  }
  return 0;
}

/**
 * `npm start` in the repository with DATA_DIR in a temp folder and a free
 * PORT, as a terminal runs it (its own process group); waits for the ready
 * line, notes the memory of the api and the worker, then stops it with Ctrl-C.
 */
async function startOnce(dataDir: string, kind: StartupRun['kind']): Promise<StartupRun> {
  const port = await findFreePort();
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: String(port) };
  for (const name of ['DATABASE_URL', 'DATABASE_MIGRATION_URL', 'REDIS_URL']) delete env[name];
  const started = performance.now();
  const child = spawn('npm', ['start'], {
    cwd: REPO_ROOT,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const group = child.pid!;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let alive = true;
  void exited.then(() => (alive = false));
  const kill = () => {
    try {
      process.kill(-group, 'SIGKILL');
    } catch {
      // gone
    }
  };
  onCleanup(() => (alive ? kill() : undefined));
  let output = '';
  const ready = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready after 90 s:\n${output}`)), 90_000);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /ready in ([\d.]+) s/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    void exited.then(() => reject(new Error(`npm start exited:\n${output}`)));
  });
  const launcherSeconds = await ready;
  const wallSeconds = (performance.now() - started) / 1000;
  await sleep(1000);
  const pids = await processTree(group);
  const apiRssMb = await rssOf(pids, 'dist/apps/api/src/main.js');
  const workerRssMb = await rssOf(pids, 'dist/apps/worker/src/main.js');
  const stopping = performance.now();
  process.kill(-group, 'SIGINT');
  const timer = setTimeout(() => {
    kill();
    for (const pid of pids.filter(isAlive)) process.kill(pid, 'SIGKILL');
  }, 45_000);
  await exited;
  // Every process that ran at ready (npm, the launcher, PostgreSQL, Redis, api, worker) is gone.
  while (pids.some(isAlive)) await sleep(50);
  clearTimeout(timer);
  const stopSeconds = (performance.now() - stopping) / 1000;
  return { kind, wallSeconds, launcherSeconds, stopSeconds, apiRssMb, workerRssMb };
}

async function main(): Promise<void> {
  const options = parseOptions({ repeat: { type: 'string' } });
  if (options.values.help) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  const repeat = numberOption(options.values, 'repeat', options.quick ? 1 : 3);
  const machine = machineInfo();
  progress(`bench:startup on ${describeMachine(machine)}`);
  const runs: StartupRun[] = [];
  for (let i = 1; i <= repeat; i++) {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'fpn-bench-startup-'));
    onCleanup(() => rm(dataDir, { recursive: true, force: true }));
    for (const kind of ['first', 'warm'] as const) {
      const run = await startOnce(dataDir, kind);
      runs.push(run);
      progress(
        `${i}/${repeat} ${kind === 'first' ? 'first run (fresh data folder)' : 'warm run (same folder)'}: ready in ${run.wallSeconds.toFixed(1)} s (launcher says ${run.launcherSeconds} s), stopped in ${run.stopSeconds.toFixed(1)} s; api ${fmt(run.apiRssMb)} MB, worker ${fmt(run.workerRssMb)} MB`,
      );
    }
    await rm(dataDir, { recursive: true, force: true });
  }

  const summary = (kind: StartupRun['kind']) => {
    const of = runs.filter((run) => run.kind === kind);
    return {
      runs: of.length,
      wallSeconds: median(of.map((run) => run.wallSeconds)),
      launcherSeconds: median(of.map((run) => run.launcherSeconds)),
      stopSeconds: median(of.map((run) => run.stopSeconds)),
      apiRssMb: median(of.map((run) => run.apiRssMb)),
      workerRssMb: median(of.map((run) => run.workerRssMb)),
      minWallSeconds: Math.min(...of.map((run) => run.wallSeconds)),
      maxWallSeconds: Math.max(...of.map((run) => run.wallSeconds)),
    };
  };
  const first = summary('first');
  const warm = summary('warm');
  const tables: ReportTable[] = [
    {
      title: `npm start to its ready line, median of ${repeat} (embedded PostgreSQL, local Redis, migrations, api + worker)`,
      head: [
        'run',
        'npm start → ready (s)',
        'range (s)',
        'launcher "ready in" (s)',
        'Ctrl-C → all stopped (s)',
        'api RSS idle MB',
        'worker RSS idle MB',
      ],
      rows: [
        ['first (fresh data folder)', first, 'first'] as const,
        ['warm (same folder again)', warm, 'warm'] as const,
      ].map(([label, s]) => [
        label,
        s.wallSeconds.toFixed(1),
        `${s.minWallSeconds.toFixed(1)}–${s.maxWallSeconds.toFixed(1)}`,
        s.launcherSeconds.toFixed(1),
        s.stopSeconds.toFixed(1),
        fmt(s.apiRssMb),
        fmt(s.workerRssMb),
      ]),
    },
    {
      title: 'Against the targets of issue 8',
      head: ['figure', 'target', 'measured', 'met'],
      rows: [
        [
          'start-up, warm (npm start → ready)',
          '≤ 10 s (goal 5 s)',
          `${warm.wallSeconds.toFixed(1)} s`,
          warm.wallSeconds <= 10 ? 'yes' : 'no',
        ],
      ],
    },
  ];
  printTables(tables);
  await writeResults(
    'startup',
    options.out,
    { benchmark: 'startup', machine, repeat, first, warm, runs },
    tables,
  );
}

runBenchmark('bench:startup', main);
