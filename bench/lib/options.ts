import { parseArgs } from 'node:util';

/** Flags every benchmark takes. */
export interface CommonOptions {
  /** Fewer and shorter steps: to check the benchmark works, not to publish figures. */
  quick: boolean;
  /** Where to write the JSON (default bench/results/<name>.json). */
  out?: string;
  /** Write V8 CPU profiles of the api and the worker (`--cpu-prof`) into this folder. */
  cpuProfileDir?: string;
}

export function parseOptions<T extends Record<string, { type: 'string' | 'boolean' }>>(
  extra: T,
): CommonOptions & { values: Record<string, string | boolean | undefined> } {
  const { values: parsed } = parseArgs({
    args: process.argv.slice(2),
    options: {
      quick: { type: 'boolean' },
      out: { type: 'string' },
      'cpu-prof': { type: 'string' },
      help: { type: 'boolean' },
      ...extra,
    },
    strict: true,
  });
  const values = parsed as Record<string, string | boolean | undefined>;
  return {
    quick: values.quick === true,
    out: typeof values.out === 'string' ? values.out : undefined,
    cpuProfileDir: typeof values['cpu-prof'] === 'string' ? values['cpu-prof'] : undefined,
    values,
  };
}

/** A numeric flag, or its default. */
export function numberOption(
  values: Record<string, string | boolean | undefined>,
  name: string,
  fallback: number,
): number {
  const value = values[name];
  if (typeof value !== 'string') return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) throw new Error(`--${name}: a positive number`);
  return parsed;
}
