import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Table from 'cli-table3';
import { REPO_ROOT } from './app-processes';
import { progress } from './progress';

/** The machine a run was made on, as docs/benchmarks.md records it. */
export interface MachineInfo {
  date: string;
  nproc: number;
  cpuModel: string;
  memoryGb: number;
  node: string;
  os: string;
  loadAverage: number[];
  commit: string;
}

export function machineInfo(): MachineInfo {
  let commit = 'unknown';
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT })
      .toString()
      .trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
      cwd: REPO_ROOT,
    })
      .toString()
      .trim();
    commit = dirty ? `${head} (with uncommitted changes)` : head;
  } catch {
    // not a git checkout
  }
  return {
    date: new Date().toISOString(),
    nproc: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    memoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    os: `${os.type()} ${os.release()}`,
    loadAverage: os.loadavg().map((load) => Math.round(load * 100) / 100),
    commit,
  };
}

export const describeMachine = (machine: MachineInfo) =>
  `${machine.nproc} cores (${machine.cpuModel}), ${machine.memoryGb} GB RAM, Node.js ${machine.node}, ${machine.os}; load average at start ${machine.loadAverage.join(' ')}`;

/** A table with a title: printed with cli-table3 on stdout and kept as Markdown for the docs. */
export interface ReportTable {
  title: string;
  head: string[];
  rows: (string | number)[][];
}

export function printTables(tables: ReportTable[]): void {
  for (const table of tables) {
    const printed = new Table({ head: table.head, style: { head: [], border: [] } });
    printed.push(...table.rows.map((row) => row.map(String)));
    process.stdout.write(`\n${table.title}\n${printed.toString()}\n`);
  }
}

export function markdownTables(tables: ReportTable[]): string {
  return tables
    .map((table) =>
      [
        `**${table.title}**`,
        '',
        `| ${table.head.join(' | ')} |`,
        `| ${table.head.map(() => '---').join(' | ')} |`,
        ...table.rows.map((row) => `| ${row.join(' | ')} |`),
      ].join('\n'),
    )
    .join('\n\n');
}

/**
 * Writes the run's figures as JSON (default bench/results/<name>.json, or
 * `--out`) and its tables as Markdown beside it (<name>.md), for docs/benchmarks.md.
 */
export async function writeResults(
  name: string,
  out: string | undefined,
  result: object,
  tables: ReportTable[],
): Promise<void> {
  const file = path.resolve(out ?? path.join(REPO_ROOT, 'bench/results', `${name}.json`));
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
  const markdown = file.replace(/\.json$/, '') + '.md';
  await writeFile(markdown, `${markdownTables(tables)}\n`);
  progress(
    `results written to ${path.relative(process.cwd(), file)} and ${path.basename(markdown)}`,
  );
}

/** Rounds for a table: integers above 100, one decimal below. */
export const fmt = (value: number) =>
  Math.abs(value) >= 100 ? String(Math.round(value)) : String(Math.round(value * 10) / 10);

/** The middle value (the mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
