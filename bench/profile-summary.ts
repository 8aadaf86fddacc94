import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** The parts of a V8 .cpuprofile (written by `node --cpu-prof`) this reads. */
interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
  }[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a script lives, shortened: a package name, or a path under the repository. */
export function placeOf(url: string): string {
  if (!url) return '(native)';
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const [first, second] = url.slice(modules + 'node_modules/'.length).split('/');
    return first.startsWith('@') ? `${first}/${second}` : first;
  }
  if (url.startsWith('node:')) return url;
  const dist = url.indexOf('/dist/');
  return dist >= 0 ? url.slice(dist + '/dist/'.length) : url.replace(/^file:\/\//, '');
}

/** Self time by function and by package or file, with the share of the profile's total. */
export function summarise(profile: CpuProfile, top = 25) {
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) =>
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)),
  );
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const byFunction = new Map<string, number>();
  const byPlace = new Map<string, number>();
  for (const node of profile.nodes) {
    const us = selfUs.get(node.id) ?? 0;
    if (!us) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const place = placeOf(url);
    const name = `${functionName || '(anonymous)'} ${place}${url ? `:${lineNumber + 1}` : ''}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + us);
    byPlace.set(place, (byPlace.get(place) ?? 0) + us);
  }
  const rank = (map: Map<string, number>) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({
        name,
        ms: Math.round(us / 1000),
        share: Math.round((us / total) * 1000) / 10,
      }));
  return { totalMs: Math.round(total / 1000), functions: rank(byFunction), places: rank(byPlace) };
}

/** `node dist/bench/profile-summary.js <file.cpuprofile>…`: where the CPU time went. */
async function main() {
  const files = process.argv.slice(2);
  if (!files.length) {
    process.stderr.write('usage: node dist/bench/profile-summary.js <file.cpuprofile>…\n');
    process.exit(2);
  }
  for (const file of files) {
    const summary = summarise(JSON.parse(await readFile(file, 'utf8')) as CpuProfile);
    process.stdout.write(
      `\n${path.basename(file)}: ${summary.totalMs} ms sampled\n  by package or file:\n`,
    );
    for (const row of summary.places)
      process.stdout.write(`    ${String(row.share).padStart(5)} %  ${row.name}\n`);
    process.stdout.write('  by function (self time):\n');
    for (const row of summary.functions)
      process.stdout.write(`    ${String(row.share).padStart(5)} %  ${row.name}\n`);
  }
}

if (require.main === module) void main();
