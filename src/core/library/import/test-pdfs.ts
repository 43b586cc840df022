/** Small real PDFs for import tests, made with pdf-lib so no binary fixtures are needed. */
import { PDFDocument, StandardFonts } from 'pdf-lib';

export async function makePdf(
  opts: { title?: string; pages?: string[][]; noInfo?: boolean } = {},
): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  if (opts.title) doc.setTitle(opts.title);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const pages = opts.pages ?? [
    ['A Small Test Paper', '', 'Abstract', 'We study the zebrafish and nothing else.'],
  ];
  for (const lines of pages) {
    const page = doc.addPage([612, 792]);
    lines.forEach((line, i) => page.drawText(line, { x: 72, y: 720 - i * 16, size: 11, font }));
  }
  // A fixed date keeps the bytes (and so the sha256 id) deterministic per content.
  doc.setCreationDate(new Date(0));
  doc.setModificationDate(new Date(0));
  return doc.save({ useObjectStreams: false });
}
