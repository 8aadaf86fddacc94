import { formatInstantIn } from './note-dates';
import { parseBlocks } from './note-markdown';
import { noteMarkdown, renderNoteBody } from './note-templates';
import { type IssueNoteInput, NoteKind, type ProcedureNoteData } from './note-types';

const PROCEDURE: ProcedureNoteData = {
  procedureId: '3e4f5a6b-7c8d-4e9f-8a0b-1c2d3e4f5a6b',
  titleEn: 'Draft decision on the 2027 seminar programme',
  titleRu: 'Проект решения о программе семинаров на 2027 год',
  deadline: '2026-12-01T13:00:00.000Z',
  deadlineTimeZone: 'Asia/Almaty',
  priorityArea: {
    key: 'law-enforcement',
    nameEn: 'Law Enforcement',
    nameRu: 'Правоохранительная деятельность',
  },
};
const HEADING = { reference: 'NCT/G/35', dated: '2026-12-02' };
const procedureNote = (kind: NoteKind, extra: Partial<ProcedureNoteData> = {}): IssueNoteInput =>
  ({ kind, procedure: { ...PROCEDURE, ...extra }, issuedBy: null }) as IssueNoteInput;

describe('note templates', () => {
  it('writes every kind in both languages, in the formal language, with reference, place and date', () => {
    const inputs: IssueNoteInput[] = [
      procedureNote(NoteKind.SILENCE_CIRCULATION),
      procedureNote(NoteKind.SILENCE_EXTENSION, { previousDeadline: '2026-11-28T13:00:00.000Z' }),
      procedureNote(NoteKind.SILENCE_WITHDRAWAL),
      procedureNote(NoteKind.SILENCE_OUTCOME, { outcome: 'approved' }),
      {
        kind: NoteKind.CIRCULATION,
        titleEn: 'Calendar of meetings',
        titleRu: 'Календарь встреч',
        textEn: 'The calendar follows.',
        textRu: 'Календарь прилагается.',
        issuedBy: '00000000-0000-4000-8000-000000000000',
      },
    ];
    for (const input of inputs) {
      const en = renderNoteBody(input, HEADING, 'en');
      const ru = renderNoteBody(input, HEADING, 'ru');
      expect(en).toContain('**No. NCT/G/35**');
      expect(en).toContain('Astana, 2 December 2026');
      expect(en).toContain(
        'The CICA Secretariat presents its compliments to the Member States and has the honour to',
      );
      expect(en).toContain('assurances of its highest consideration');
      expect(ru).toContain('**№ NCT/G/35**');
      expect(ru).toContain('Астана, 2 декабря 2026 г.');
      expect(ru).toContain(
        'Секретариат СВМДА свидетельствует своё уважение государствам-членам и имеет честь',
      );
      for (const text of [en, ru]) expect(text).not.toMatch(/\{\{|\}\}|undefined|null|NaN/);
    }
  });

  it('gives the deadline in the zone the Secretariat chose, and the priority area', () => {
    const en = renderNoteBody(procedureNote(NoteKind.SILENCE_CIRCULATION), HEADING, 'en');
    const ru = renderNoteBody(procedureNote(NoteKind.SILENCE_CIRCULATION), HEADING, 'ru');
    expect(en).toContain('“Draft decision on the 2027 seminar programme”');
    expect(en).toContain('1 December 2026, 18:00 (Asia/Almaty, UTC+05:00)');
    expect(en).toContain('priority area: Law Enforcement');
    expect(ru).toContain('«Проект решения о программе семинаров на 2027 год»');
    expect(ru).toContain('1 декабря 2026 г., 18:00 (Asia/Almaty, UTC+05:00)');
    expect(ru).toContain('приоритетное направление: Правоохранительная деятельность');
    expect(formatInstantIn('2026-12-01T13:00:00Z', 'UTC', 'en')).toBe(
      '1 December 2026, 13:00 (UTC, UTC+00:00)',
    );
  });

  it('says approved, or not adopted naming the states that broke silence and how', () => {
    const approved = renderNoteBody(
      procedureNote(NoteKind.SILENCE_OUTCOME, { outcome: 'approved' }),
      HEADING,
      'en',
    );
    expect(approved).toContain('Silence was not broken');
    expect(approved).toContain('**approved**');
    expect(approved).not.toContain('not been adopted');

    const broken = procedureNote(NoteKind.SILENCE_OUTCOME, {
      outcome: 'not_adopted',
      brokenBy: [
        { memberStateCode: 'TJ', nameEn: 'Tajikistan', nameRu: 'Таджикистан', kind: 'objection' },
        { memberStateCode: 'UZ', nameEn: 'Uzbekistan', nameRu: 'Узбекистан', kind: 'amendment' },
      ],
    });
    const en = renderNoteBody(broken, HEADING, 'en');
    const ru = renderNoteBody(broken, HEADING, 'ru');
    expect(en).toContain('- Tajikistan: a written objection');
    expect(en).toContain('- Uzbekistan: a proposed amendment');
    expect(en).toContain('**not been adopted**');
    expect(ru).toContain('- Таджикистан: письменное возражение');
    expect(ru).toContain('- Узбекистан: предложение о поправке');
    expect(ru).toContain('**не принят**');
    expect(parseBlocks(en).filter((block) => block.kind === 'bullet')).toHaveLength(2);
  });

  it('names the previous deadline of an extension', () => {
    const en = renderNoteBody(
      procedureNote(NoteKind.SILENCE_EXTENSION, { previousDeadline: '2026-11-28T13:00:00.000Z' }),
      HEADING,
      'en',
    );
    expect(en).toContain('now expires on **1 December 2026, 18:00 (Asia/Almaty, UTC+05:00)**');
    expect(en).toContain('instead of 28 November 2026, 18:00');
  });

  it('escapes what users typed: titles and texts read as typed, never as markup', () => {
    const input: IssueNoteInput = {
      kind: NoteKind.CIRCULATION,
      titleEn: '**Bold** <img src=x> [x](javascript:alert(1))',
      titleRu: 'Заголовок\n# не заголовок',
      textEn: '# Not a heading\n\n- not a list\n<b>raw</b> & {{mustache}}',
      textRu: 'Текст **без** разметки',
      issuedBy: '00000000-0000-4000-8000-000000000000',
    };
    const en = renderNoteBody(input, HEADING, 'en');
    const ru = renderNoteBody(input, HEADING, 'ru');
    expect(en).toContain('## \\*\\*Bold\\*\\* \\<img src=x\\> \\[x\\](javascript:alert(1))');
    expect(en).toContain('\\# Not a heading');
    expect(en).toContain('\\- not a list');
    expect(en).toContain('\\<b\\>raw\\</b\\> \\& {{mustache}}');
    expect(ru).toContain('## Заголовок # не заголовок');
    expect(ru).toContain('Текст \\*\\*без\\*\\* разметки');
    // Read back as blocks, the only heading is the title line and nothing typed is bold.
    const blocks = parseBlocks(en);
    expect(blocks.filter((block) => block.kind === 'heading')).toHaveLength(1);
    expect(blocks.filter((block) => block.kind === 'bullet')).toHaveLength(0);
  });

  it('puts the letterhead, then the English and the Russian halves in one document', () => {
    const input = procedureNote(NoteKind.SILENCE_CIRCULATION);
    const document = noteMarkdown(
      renderNoteBody(input, HEADING, 'en'),
      renderNoteBody(input, HEADING, 'ru'),
    );
    expect(document.startsWith('**CICA Secretariat · Секретариат СВМДА**')).toBe(true);
    expect(document.indexOf(PROCEDURE.titleEn)).toBeLessThan(document.indexOf(PROCEDURE.titleRu));
  });
});
