import type { VersionChanges, VersionValue } from './directory-version.entity';

/** Stable JSON, so that key order never makes two equal values differ. */
function canonical(value: VersionValue): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

export const sameValue = (a: VersionValue, b: VersionValue) => canonical(a) === canonical(b);

/**
 * The fields of `after` whose value differs from `before`, as `{ from, to }`.
 * A field missing on either side counts as null.
 */
export function diffFields(
  before: Record<string, VersionValue | undefined>,
  after: Record<string, VersionValue | undefined>,
): VersionChanges {
  const changes: VersionChanges = {};
  for (const field of Object.keys(after)) {
    const from = before[field] ?? null;
    const to = after[field] ?? null;
    if (!sameValue(from, to)) changes[field] = { from, to };
  }
  return changes;
}

/** Every field as new: a version 1. */
export function creationFields(after: Record<string, VersionValue | undefined>): VersionChanges {
  return diffFields({}, after);
}
