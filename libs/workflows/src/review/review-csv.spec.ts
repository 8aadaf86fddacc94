import { parse } from 'csv-parse/sync';
import { assembleReview } from './review-assembly';
import { reviewCsv, reviewCsvRows } from './review-csv';
import { REVIEW_INPUT } from './review-input.spec-fixture';

describe('the review as CSV', () => {
  const review = assembleReview(REVIEW_INPUT);

  it('has one figure per row, numbers unformatted, empty where there is none', () => {
    const rows = reviewCsvRows(review);
    const find = (section: string, network: string, measure: string, state = '') =>
      rows.find(
        (row) => row[0] === section && row[1] === network && row[2] === state && row[5] === measure,
      )?.[6];
    expect(rows[0]).toEqual(['review', '', '', '', '', 'year', 2026]);
    expect(find('activities', 'law-enforcement', 'held')).toBe(2);
    expect(find('activities', 'law-enforcement', 'cancelled')).toBe(1);
    expect(find('participation', 'law-enforcement', 'held_activities_attended', 'KZ')).toBe(2);
    expect(find('roster_state', 'law-enforcement', 'active_primary', 'TJ')).toBe(1);
    expect(find('roster_state', 'law-enforcement', 'alternate_present', 'TJ')).toBe(0);
    expect(find('messages', 'law-enforcement', 'priority_urgent')).toBe(2);
    expect(find('requests', 'law-enforcement', 'hours_to_answer_80_percent')).toBe(96.5);
    expect(find('requests', 'border-control', 'median_hours_to_answer')).toBeNull();
    expect(rows.filter((row) => row[0] === 'activity')).toEqual([
      [
        'activity',
        'law-enforcement',
        '',
        'a1',
        '2026-02-10 meeting: Meeting of chiefs of police',
        'participating_states',
        3,
      ],
      [
        'activity',
        'law-enforcement',
        '',
        'a2',
        '2026-04-10 seminar: =Spring seminar',
        'participating_states',
        2,
      ],
    ]);
  });

  it('is UTF-8 with a BOM and a header, and neutralizes what a spreadsheet would run', () => {
    const csv = reviewCsv(review);
    expect(csv.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const records = parse(csv, { bom: true, columns: true }) as Record<string, string>[];
    expect(Object.keys(records[0])).toEqual([
      'section',
      'network',
      'member_state',
      'activity_id',
      'label',
      'measure',
      'value',
    ]);
    const hostile = reviewCsv(
      assembleReview({
        ...REVIEW_INPUT,
        networks: [{ ...REVIEW_INPUT.networks[0], nameEn: '=HYPERLINK("x")' }],
      }),
    );
    const [held] = (
      parse(hostile, { bom: true, columns: true }) as Record<string, string>[]
    ).filter((row) => row.measure === 'held');
    expect(held.label).toBe('\'=HYPERLINK("x")');
    expect(
      records.find(
        (row) =>
          row.section === 'requests' &&
          row.network === 'border-control' &&
          row.measure === 'requests',
      )?.value,
    ).toBe('0');
  });
});
