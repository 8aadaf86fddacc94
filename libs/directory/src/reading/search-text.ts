import { transliterate } from 'transliteration';

/**
 * Free-text search compares a normalised form of names, titles and authority
 * names: Latin and Cyrillic transliterated to lower-case Latin, apostrophes
 * dropped, other punctuation turned into spaces. "Иванов" and "Ivanov" both
 * become `ivanov`.
 *
 * The database keeps `focal_point.search_text` with the same mapping (the
 * function `directory_search_normalize`, migration 1795940000000, fed by
 * triggers), so the column is right whoever writes an entry. The mapping is
 * built here, character by character, from the `transliteration` package;
 * the migration holds a frozen copy, and a test checks that both agree on
 * every character — if an upgrade of the package changed one, the test says so.
 */

/** Blocks the mapping covers: Latin-1 and Latin Extended, ə, Cyrillic, Vietnamese Latin. */
const MAPPED_RANGES: readonly (readonly [number, number])[] = [
  [0x00a0, 0x024f],
  [0x0259, 0x0259],
  [0x0400, 0x04ff],
  [0x1e00, 0x1eff],
];

/**
 * Where the package's romanisation is not how these names are usually spelt
 * in Latin: Х/Ц as in Khasanov and Tsoi, the schwa (Kazakh Ә, Azerbaijani Ə)
 * as in Aliev and Mammadov.
 */
const OVERRIDES: Readonly<Record<string, string>> = {
  х: 'kh',
  Х: 'kh',
  ц: 'ts',
  Ц: 'ts',
  ә: 'a',
  Ә: 'a',
  ӛ: 'a',
  Ӛ: 'a',
  ə: 'a',
  Ə: 'a',
};

/** Apostrophe-like marks vanish (O'Brien, Oʻzbek, K'asym) rather than split a word. */
const APOSTROPHES = new Set(["'", '`', '"', '\u00b4', '\u02bb', '\u02bc', '\u2018', '\u2019']);

/** Lower-case Latin letters, digits and single spaces: what every mapped character becomes. */
function clean(latin: string): string {
  let out = '';
  for (const ch of latin.toLowerCase()) {
    if (APOSTROPHES.has(ch)) continue;
    out += /[a-z0-9]/.test(ch) ? ch : ' ';
  }
  return out;
}

function buildCharacterMap(): ReadonlyMap<string, string> {
  const map = new Map<string, string>();
  for (const ch of APOSTROPHES) map.set(ch, '');
  // ASCII: punctuation and control characters separate words; letters and digits stay.
  // (NUL is left out: PostgreSQL text cannot hold it.)
  for (let code = 1; code < 0x80; code += 1) {
    const ch = String.fromCharCode(code);
    if (!/[A-Za-z0-9]/.test(ch) && !APOSTROPHES.has(ch)) map.set(ch, ' ');
  }
  for (const ch of ['\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015']) map.set(ch, ' ');
  for (const [from, to] of MAPPED_RANGES) {
    for (let code = from; code <= to; code += 1) {
      const ch = String.fromCodePoint(code);
      if (!map.has(ch)) map.set(ch, clean(OVERRIDES[ch] ?? transliterate(ch)));
    }
  }
  return map;
}

/** Every character the normalisation changes (besides A–Z), and what it becomes. */
export const SEARCH_CHARACTER_MAP: ReadonlyMap<string, string> = buildCharacterMap();

/** The normalised form of any text: what `directory_search_normalize` computes in SQL. */
export function normalizeSearchText(text: string): string {
  let mapped = '';
  for (const ch of text) mapped += SEARCH_CHARACTER_MAP.get(ch) ?? ch;
  return mapped
    .replace(/[A-Z]/g, (ch) => ch.toLowerCase())
    .replace(/ {2,}/g, ' ')
    .replace(/^ | $/g, '');
}

/**
 * The search column of an entry: its name and title with its authority's names.
 * The database computes the same on every write; this is the application's copy
 * (for previews and for tests that check the two agree).
 */
export function focalPointSearchText(
  entry: { fullName: string; title: string },
  authority: { nameEn: string; nameRu: string | null },
): string {
  return normalizeSearchText(
    [entry.fullName, entry.title, authority.nameEn, authority.nameRu]
      .filter((part): part is string => Boolean(part))
      .join(' '),
  );
}

/** The words of a query, normalised: each must occur in the search column. */
export function searchTerms(query: string): string[] {
  const normalized = normalizeSearchText(query);
  return normalized ? [...new Set(normalized.split(' '))] : [];
}
