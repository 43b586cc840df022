/** Small real PDFs for import tests, made with pdf-lib so no binary fixtures are needed. */
import { PDFDocument, StandardFonts } from 'pdf-lib';

const FILLER =
  'This paragraph exists so that the page looks like a paper to the extractor, with enough ordinary running text on each line to be taken as body text rather than a stray label.';

/**
 * A one-column paper: a large title, an abstract and an introduction whose text contains
 * `body` (use a rare word to find it by search). `title` also goes into the info dictionary.
 * `bare`: running text only, no title anywhere (the file name becomes the title).
 */
export async function makePdf(
  opts: { title?: string; body?: string; pages?: number; bare?: boolean } = {},
): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const title = opts.title ?? 'A Small Test Paper About Nothing';
  if (!opts.bare) doc.setTitle(title);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const lines = (text: string) => text.match(/.{1,85}(\s|$)/g)?.map((l) => l.trim()) ?? [];
  for (let n = 1; n <= (opts.pages ?? 1); n++) {
    const page = doc.addPage([612, 792]);
    let y = 720;
    const put = (text: string, size: number, f = font) => {
      page.drawText(text, { x: 72, y, size, font: f });
      y -= size * 1.5;
    };
    if (n === 1 && !opts.bare) {
      put(title, 18, bold);
      y -= 12;
      put('Abstract', 12, bold);
      for (const l of lines(`We study ${opts.body ?? 'the zebrafish'} in detail. ${FILLER}`)) put(l, 10);
      y -= 8;
      put('1 Introduction', 12, bold);
    }
    for (let k = 0; k < 6; k++) for (const l of lines(`${FILLER} Page ${n}, paragraph ${k + 1}.`)) put(l, 10);
  }
  // A fixed date keeps the bytes (and so the sha256 id) a function of the content.
  doc.setCreationDate(new Date(0));
  doc.setModificationDate(new Date(0));
  return doc.save({ useObjectStreams: false });
}
