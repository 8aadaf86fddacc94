/** The bytes [start, end) of a resource a download asked for. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * A `Range: bytes=…` header against a resource of `size` bytes: one range
 * (`a-b`, `a-`, `-n`) as [start, end); `null` for none or anything else (the
 * whole resource is sent, as RFC 9110 allows); `'unsatisfiable'` for a range
 * that starts past the end.
 */
export function parseByteRange(
  header: string | undefined,
  size: number,
): ByteRange | null | 'unsatisfiable' {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return null;
  const [, first, last] = match;
  if (first === '' && last === '') return null;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size };
  }
  const start = Number(first);
  if (!Number.isSafeInteger(start)) return null;
  if (start >= size) return 'unsatisfiable';
  const end = last === '' ? size : Math.min(size, Number(last) + 1);
  if (!Number.isSafeInteger(end) || end <= start) return null;
  return { start, end };
}
