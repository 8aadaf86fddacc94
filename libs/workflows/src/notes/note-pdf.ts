import { PDF_FONTS, pdfDocumentClass } from '../documents/fonts';
import { type Block, parseBlocks, type Span } from './note-markdown';
import { LETTERHEAD } from './note-templates';

const REGULAR = 'note-regular';
const BOLD = 'note-bold';

/** What the PDF needs: the two halves as stored, and the document's metadata. */
export interface NotePdfInput {
  reference: string;
  titleEn: string;
  bodyEn: string;
  bodyRu: string;
  issuedAt: Date;
}

function spans(doc: PDFKit.PDFDocument, parts: Span[], options: PDFKit.Mixins.TextOptions = {}) {
  const visible = parts.length > 0 ? parts : [{ text: '', bold: false }];
  visible.forEach((span, index) => {
    doc.font(span.bold ? BOLD : REGULAR).text(span.text, {
      ...options,
      continued: index < visible.length - 1,
    });
  });
}

function block(doc: PDFKit.PDFDocument, item: Block): void {
  switch (item.kind) {
    case 'heading':
      doc.moveDown(0.5).fontSize(13);
      spans(
        doc,
        item.spans.map((span) => ({ ...span, bold: true })),
      );
      doc.fontSize(11).moveDown(0.5);
      break;
    case 'rule': {
      doc.moveDown(0.5);
      const y = doc.y;
      doc
        .moveTo(doc.page.margins.left, y)
        .lineTo(doc.page.width - doc.page.margins.right, y)
        .lineWidth(0.5)
        .strokeColor('#777777')
        .stroke();
      doc.moveDown(1);
      break;
    }
    case 'bullet':
      spans(doc, [{ text: '•  ', bold: false }, ...item.spans], { indent: 14 });
      doc.moveDown(0.2);
      break;
    case 'paragraph':
      for (const line of item.lines) spans(doc, line);
      doc.moveDown(0.6);
      break;
  }
}

/**
 * The note as a PDF (A4): the English half, then the Russian one on a page of
 * its own, each under the letterhead, from the Markdown as stored, in DejaVu
 * Sans (embedded, with Cyrillic).
 */
export async function renderNotePdf(note: NotePdfInput): Promise<Buffer> {
  const PDFDocument = await pdfDocumentClass();
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 64, bottom: 64, left: 72, right: 72 },
    info: {
      Title: `${note.reference} ${note.titleEn}`,
      Author: 'CICA Secretariat',
      Subject: note.reference,
      CreationDate: note.issuedAt,
      ModDate: note.issuedAt,
    },
  });
  doc.registerFont(REGULAR, PDF_FONTS.regular);
  doc.registerFont(BOLD, PDF_FONTS.bold);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  // Each language on a page of its own, under the letterhead.
  for (const [index, body] of [note.bodyEn, note.bodyRu].entries()) {
    if (index > 0) doc.addPage();
    doc.font(BOLD).fontSize(14).text(LETTERHEAD, { align: 'center' });
    doc.fontSize(11);
    block(doc, { kind: 'rule' });
    let previous: Block['kind'] | null = null;
    for (const item of parseBlocks(body)) {
      // A list ends with a little space before what follows.
      if (previous === 'bullet' && item.kind !== 'bullet') doc.moveDown(0.4);
      block(doc, item);
      previous = item.kind;
    }
  }
  doc.end();
  return done;
}
