import { assembleReview } from './review-assembly';
import { REVIEW_INPUT } from './review-input.spec-fixture';
import { renderReviewPdf } from './review-pdf';
import { pdfText } from '../../../testing/src/pdf-text';

describe('the review as PDF', () => {
  it('renders the title in English and Russian, the figures and the charts’ numbers', async () => {
    const pdf = await renderReviewPdf(
      assembleReview(REVIEW_INPUT),
      new Date('2026-11-28T12:00:00Z'),
    );
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = await pdfText(pdf);
    expect(text).toContain('Yearly review 2026');
    expect(text).toContain('Ежегодный обзор за 2026 год');
    expect(text).toContain('Правоохранительные органы');
    expect(text).toContain(
      'Held: 2 (meetings 1, seminars 1, trainings 0); planned: 0; cancelled: 1',
    );
    expect(text).toContain('Messages sent: 6');
    expect(text).toContain('By priority: routine 4, urgent 2, flash 0');
    expect(text).toContain('Requests: 2; addressed states: 3; answered: 2; on time: 1 (33.3 %)');
    expect(text).toContain('Hours to answer: median 2; 80 % within 96.5');
    expect(text).toContain('Messages sent per network');
    expect(text).toContain('Held activities attended per member state');
  });
});
