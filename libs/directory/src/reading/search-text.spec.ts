import { transliterate } from 'transliteration';
import {
  focalPointSearchText,
  normalizeSearchText,
  SEARCH_CHARACTER_MAP,
  searchTerms,
} from './search-text';

describe('search text', () => {
  it.each([
    ['Иванов', 'ivanov'],
    ['IVANOV', 'ivanov'],
    ['Щукин Пётр', 'shchukin pyotr'],
    ['Хасанов', 'khasanov'],
    ['Цой', 'tsoy'],
    ['Қасым Әлиев', 'kasym aliev'],
    ['Məmmədov', 'mammadov'],
    ['Şahin Çelik Ğ', 'sahin celik g'],
    ['Nguyễn Văn Thắng', 'nguyen van thang'],
    ["O'Brien-Smith", 'obrien smith'],
    ['Oʻzbekiston', 'ozbekiston'],
    ['  many   spaces\there ', 'many spaces here'],
    ['中文', '中文'],
  ])('normalises %j to %j', (text, expected) => {
    expect(normalizeSearchText(text)).toBe(expected);
  });

  it('maps every character to what the transliteration package gives, lower-cased, bar the stated overrides', () => {
    const overridden = new Set(['х', 'Х', 'ц', 'Ц', 'ә', 'Ә', 'ӛ', 'Ӛ', 'ə', 'Ə']);
    for (const [ch, latin] of SEARCH_CHARACTER_MAP) {
      expect(latin).toMatch(/^[a-z0-9 ]*$/);
      if (overridden.has(ch) || !/\p{L}/u.test(ch)) continue;
      const expected = transliterate(ch).toLowerCase().replace(/['`"]/g, '');
      expect({ ch, latin }).toEqual({ ch, latin: expected.replace(/[^a-z0-9]/g, ' ') });
    }
  });

  it('builds the column from name, title and both authority names', () => {
    expect(
      focalPointSearchText(
        { fullName: 'Иванов Иван', title: 'Начальник отдела' },
        { nameEn: 'Ministry of Internal Affairs', nameRu: 'МВД' },
      ),
    ).toBe('ivanov ivan nachalnik otdela ministry of internal affairs mvd');
    expect(
      focalPointSearchText(
        { fullName: 'Kim', title: 'Officer' },
        { nameEn: 'Police', nameRu: null },
      ),
    ).toBe('kim officer police');
  });

  it('splits a query into distinct normalised words', () => {
    expect(searchTerms('Иванов  ivanov Petrovich')).toEqual(['ivanov', 'petrovich']);
    expect(searchTerms(' -- ')).toEqual([]);
  });
});
