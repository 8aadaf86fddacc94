import type PDFDocumentClass from 'pdfkit';

/**
 * The fonts every generated PDF embeds: DejaVu covers Latin and Cyrillic, so
 * the English and Russian texts of a note or a report render from one file
 * each (npm `dejavu-fonts-ttf`, resolved from node_modules at run time).
 */
export const PDF_FONTS = {
  regular: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
  bold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
} as const;

/**
 * pdfkit's document class, loaded when the first PDF is asked for: pdfkit and
 * what it brings (fontkit, its font tables, a Brotli decoder) are ~5 MB of
 * heap and ~10 MB of an idle api's or worker's memory that a process which
 * never renders a PDF need not carry from start.
 */
export async function pdfDocumentClass(): Promise<typeof PDFDocumentClass> {
  const { default: PDFDocument } = await import('pdfkit');
  return PDFDocument;
}
