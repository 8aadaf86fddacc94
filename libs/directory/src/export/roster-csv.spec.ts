import { parse } from 'csv-parse/sync';
import type { FocalPointEntity } from '../focal-points/focal-point.entity';
import {
  Availability,
  ContactChannelKind,
  FocalPointStatus,
} from '../focal-points/focal-point.entity';
import { AuthorityKind } from '../authorities/authority.entity';
import {
  neutralizeFormula,
  ROSTER_CSV_COLUMNS,
  rosterCsvRow,
  rosterCsvStringifier,
} from './roster-csv';

async function csvOf(rows: string[][]): Promise<Buffer> {
  const stringifier = rosterCsvStringifier();
  const chunks: Buffer[] = [];
  stringifier.on('data', (chunk: Buffer) => chunks.push(Buffer.from(chunk)));
  const done = new Promise((resolve) => stringifier.on('end', resolve));
  for (const row of rows) stringifier.write(row);
  stringifier.end();
  await done;
  return Buffer.concat(chunks);
}

const entry = {
  id: '1b4e28ba-2fa1-41d2-883f-0016d3cca427',
  memberStateCode: 'KZ',
  fullName: 'Иванов Иван Иванович',
  title: 'Начальник отдела, "Интерпол"',
  languages: ['ru', 'kk'],
  timeZone: 'Asia/Almaty',
  availability: Availability.ROUND_THE_CLOCK,
  status: FocalPointStatus.ACTIVE,
  lastConfirmedAt: new Date('2026-01-02T03:04:05Z'),
  contactChannels: [],
} as unknown as FocalPointEntity;

describe('roster CSV', () => {
  it('starts with a UTF-8 byte-order mark and a header row, and round-trips Cyrillic and quotes', async () => {
    const row = rosterCsvRow({
      entry,
      memberState: { code: 'KZ', nameEn: 'Kazakhstan' } as never,
      authority: {
        nameEn: 'Ministry of Internal Affairs',
        nameRu: 'МВД',
        kind: AuthorityKind.POLICE,
      } as never,
      memberships: ['law-enforcement (primary)'],
      contactChannels: [
        { kind: ContactChannelKind.PHONE, value: '+7 717 000 00 00', note: 'дежурная часть' },
      ],
    });
    const csv = await csvOf([row]);
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const records = parse(csv, { bom: true, columns: true }) as Record<string, string>[];
    expect(Object.keys(records[0])).toEqual([...ROSTER_CSV_COLUMNS]);
    expect(records[0]['Full name']).toBe('Иванов Иван Иванович');
    expect(records[0].Title).toBe('Начальник отдела, "Интерпол"');
    expect(records[0]['Contact channels']).toBe('phone: +7 717 000 00 00 (дежурная часть)');
    expect(records[0].Networks).toBe('law-enforcement (primary)');
  });

  it('leaves contact channels empty when the reader may not see them', () => {
    const row = rosterCsvRow({
      entry: {
        ...entry,
        contactChannels: [{ kind: ContactChannelKind.EMAIL, value: 'a@b.example' }],
      } as never,
      memberState: undefined,
      authority: undefined,
      memberships: [],
      contactChannels: null,
    });
    expect(row[ROSTER_CSV_COLUMNS.indexOf('Contact channels')]).toBe('');
  });

  it.each([
    ['=HYPERLINK("http://evil.example")', `'=HYPERLINK("http://evil.example")`],
    ['+7 700', `'+7 700`],
    ['-1', `'-1`],
    ['@SUM(A1)', `'@SUM(A1)`],
    ['Ivanov', 'Ivanov'],
  ])('neutralises a formula-looking cell %j', (value, expected) => {
    expect(neutralizeFormula(value)).toBe(expected);
  });
});
