import { escapeMarkdown, oneLine, parseBlocks, parseInline } from './note-markdown';

describe('note Markdown', () => {
  it('escapes what users typed so it reads as typed', () => {
    const typed = '**not bold** _x_ [link](http://a) <script>alert(1)</script> `code` a|b ~s~ & \\';
    const escaped = escapeMarkdown(typed);
    expect(escaped).not.toMatch(/(?<!\\)\*\*/);
    expect(escaped).toContain('\\<script\\>');
    expect(escaped).toContain('\\[link\\]');
    // Read back, it is exactly what was typed.
    expect(
      parseInline(escaped)
        .map((span) => span.text)
        .join(''),
    ).toBe(typed);
    expect(parseInline(escaped).every((span) => !span.bold)).toBe(true);
  });

  it('keeps block markup at the start of a line from starting a block', () => {
    const escaped = escapeMarkdown('# not a heading\n- not a bullet\n1. not a list\n> no quote');
    expect(escaped.split('\n').map((line) => line.trimEnd())).toEqual([
      '\\# not a heading',
      '\\- not a bullet',
      '1\\. not a list',
      '\\> no quote',
    ]);
    const blocks = parseBlocks(escaped);
    expect(blocks).toHaveLength(1);
    expect(blocks[0]).toMatchObject({ kind: 'paragraph' });
  });

  it('keeps paragraphs and line breaks, drops control characters', () => {
    expect(escapeMarkdown('one\r\ntwo\u0007\n\n\n\nthree')).toBe('one  \ntwo\n\nthree');
    expect(oneLine(' a\n b\t\u0000c ')).toBe('a b c');
  });

  it('reads headings, bold, bullets and rules back into blocks', () => {
    const blocks = parseBlocks(
      '## Head\n\n**No. 1**\n\nline one  \nline two\nsame line\n\n- item\n\n---\n',
    );
    expect(blocks).toEqual([
      { kind: 'heading', spans: [{ text: 'Head', bold: false }] },
      { kind: 'paragraph', lines: [[{ text: 'No. 1', bold: true }]] },
      {
        kind: 'paragraph',
        lines: [
          [{ text: 'line one', bold: false }],
          [
            { text: 'line two', bold: false },
            { text: ' ', bold: false },
            { text: 'same line', bold: false },
          ],
        ],
      },
      { kind: 'bullet', spans: [{ text: 'item', bold: false }] },
      { kind: 'rule' },
    ]);
  });
});
