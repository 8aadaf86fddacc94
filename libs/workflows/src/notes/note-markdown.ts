/**
 * The Markdown a note is written in: what users typed is escaped so it reads
 * as typed, never as markup; the few constructs the templates use
 * (headings, bold, bullets, rules, hard line breaks) are read back into
 * blocks for the PDF.
 */

/** Characters that are markup anywhere on a line. */
const INLINE_MARKUP = /[\\`*_[\]<>|~&]/g;
/** What would start a block (heading, quote, list, rule) at the start of a line. */
const LINE_START_MARKUP = /^(\s*)([#>+=-]|\d+[.)])/;
/** Control characters (a line feed is handled apart), and line or paragraph separators. */
const CONTROL = /[\p{Cc}\u2028\u2029]/gu;

function escapeLine(line: string): string {
  return line
    .replace(INLINE_MARKUP, '\\$&')
    .replace(LINE_START_MARKUP, (_m, space: string, mark: string) =>
      mark.length > 1 ? `${space}${mark.slice(0, -1)}\\${mark.slice(-1)}` : `${space}\\${mark}`,
    );
}

/**
 * Text a person typed, safe in Markdown: markup characters escaped, control
 * characters gone, blank lines kept as paragraph breaks and single line
 * breaks as hard breaks. Mustache's escape for note templates.
 */
export function escapeMarkdown(value: unknown): string {
  const text = String(value ?? '')
    .replace(/\r\n?/g, '\n')
    .replace(CONTROL, (c) => (c === '\n' ? '\n' : ' '));
  return text
    .split(/\n{2,}/)
    .map((paragraph) =>
      paragraph
        .split('\n')
        .map((line) => escapeLine(line.trim()))
        .filter((line) => line.length > 0)
        .join('  \n'),
    )
    .filter((paragraph) => paragraph.length > 0)
    .join('\n\n');
}

/** One line of typed text (a title, a name): whitespace runs, line breaks included, become one space. */
export const oneLine = (value: string): string =>
  value.replace(CONTROL, ' ').replace(/\s+/g, ' ').trim();

/** A run of text, bold or not, with escapes resolved. */
export interface Span {
  text: string;
  bold: boolean;
}

export type Block =
  | { kind: 'heading'; spans: Span[] }
  | { kind: 'paragraph'; lines: Span[][] }
  | { kind: 'bullet'; spans: Span[] }
  | { kind: 'rule' };

/** Inline text: `**` toggles bold, a backslash takes the next character as it is. */
export function parseInline(text: string): Span[] {
  const spans: Span[] = [];
  let bold = false;
  let current = '';
  const flush = () => {
    if (current) spans.push({ text: current, bold });
    current = '';
  };
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (c === '\\' && i + 1 < text.length) {
      current += text[i + 1];
      i += 1;
    } else if (c === '*' && text[i + 1] === '*') {
      flush();
      bold = !bold;
      i += 1;
    } else {
      current += c;
    }
  }
  flush();
  return spans;
}

/** The blocks of a note's Markdown (the subset its templates write). */
export function parseBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  let paragraph: Span[][] | null = null;
  /** Whether the paragraph's last line ended with a hard break (two spaces). */
  let broke = false;
  for (const raw of markdown.split('\n')) {
    const line = raw.trim();
    if (line.length === 0) {
      paragraph = null;
      continue;
    }
    if (/^#{1,6} /.test(line)) {
      blocks.push({ kind: 'heading', spans: parseInline(line.replace(/^#+ /, '')) });
      paragraph = null;
    } else if (/^(-{3,}|\*{3,})$/.test(line)) {
      blocks.push({ kind: 'rule' });
      paragraph = null;
    } else if (line.startsWith('- ')) {
      blocks.push({ kind: 'bullet', spans: parseInline(line.slice(2)) });
      paragraph = null;
    } else if (paragraph && !broke) {
      paragraph[paragraph.length - 1].push({ text: ' ', bold: false }, ...parseInline(line));
    } else if (paragraph) {
      paragraph.push(parseInline(line));
    } else {
      paragraph = [parseInline(line)];
      blocks.push({ kind: 'paragraph', lines: paragraph });
    }
    broke = raw.endsWith('  ');
  }
  return blocks;
}
