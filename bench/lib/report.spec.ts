import { fmt, markdownTables, median } from './report';

describe('report helpers', () => {
  it('takes the median of odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBe(0);
  });

  it('rounds figures for tables', () => {
    expect(fmt(1234.56)).toBe('1235');
    expect(fmt(12.34)).toBe('12.3');
  });

  it('writes a Markdown table with its title', () => {
    expect(markdownTables([{ title: 'T', head: ['a', 'b'], rows: [[1, 'x']] }])).toBe(
      '**T**\n\n| a | b |\n| --- | --- |\n| 1 | x |',
    );
  });
});
