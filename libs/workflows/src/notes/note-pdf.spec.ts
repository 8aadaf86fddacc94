import { renderNotePdf } from './note-pdf';
import { noteMarkdown, renderNoteBody } from './note-templates';
import { NoteKind } from './note-types';

import { pdfText } from '../../../testing/src/pdf-text';

describe('note PDF', () => {
  it('embeds a font with Cyrillic: the Russian title and the reference can be read back', async () => {
    const input = {
      kind: NoteKind.CIRCULATION,
      titleEn: 'Calendar of meetings for 2027',
      titleRu: 'Календарь встреч на 2027 год',
      textEn: 'Dates follow.\n\n**Not bold** <tag>',
      textRu: 'Даты прилагаются.',
      issuedBy: '00000000-0000-4000-8000-000000000000',
    } as const;
    const heading = { reference: 'NCT/G/36', dated: '2026-12-02' };
    const bodyEn = renderNoteBody(input, heading, 'en');
    const bodyRu = renderNoteBody(input, heading, 'ru');
    const pdf = await renderNotePdf({
      reference: heading.reference,
      titleEn: input.titleEn,
      bodyEn,
      bodyRu,
      issuedAt: new Date('2026-12-02T04:00:00Z'),
    });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const flat = await pdfText(pdf);
    expect(flat).toContain('Календарь встреч на 2027 год');
    expect(flat).toContain('NCT/G/36');
    expect(flat).toContain('Секретариат СВМДА');
    expect(flat).toContain('**Not bold** <tag>');
    expect(noteMarkdown(bodyEn, bodyRu)).toContain('Календарь встреч на 2027 год');
  });
});
