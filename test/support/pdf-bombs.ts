/**
 * Hostile PDFs for the fault-injection suite, written as raw bytes (so each one is exactly
 * the attack it names and nothing a library would "fix" on the way out). Each builder is
 * cheap except the flate bomb, which deflates its payload once (about a second per GB).
 */
import { constants, createDeflate } from 'node:zlib';

/** A valid PDF from numbered object bodies (1-based: object 1 must be the Catalog). */
export function rawPdf(objects: (string | Buffer)[]): Buffer {
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xE2\xE3\xCF\xD3\n', 'latin1')];
  const offsets: number[] = [];
  let at = parts[0]!.length;
  objects.forEach((body, i) => {
    const chunk = Buffer.concat([
      Buffer.from(`${i + 1} 0 obj\n`),
      Buffer.isBuffer(body) ? body : Buffer.from(body, 'latin1'),
      Buffer.from('\nendobj\n'),
    ]);
    offsets.push(at);
    parts.push(chunk);
    at += chunk.length;
  });
  const xref = [
    `xref\n0 ${objects.length + 1}\n`,
    '0000000000 65535 f \n',
    ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`),
  ].join('');
  parts.push(
    Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${at}\n%%EOF\n`),
  );
  return Buffer.concat(parts);
}

const PAGE =
  '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 3 0 R >>';
const FONT = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>';

function stream(dict: string, data: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from(`<< ${dict} /Length ${data.length} >>\nstream\n`),
    data,
    Buffer.from('\nendstream'),
  ]);
}

/** `inflatedMb` of spaces (legal, empty content) deflated to about a thousandth of that. */
export async function flateBomb(inflatedMb: number): Promise<Buffer> {
  const deflate = createDeflate({ level: constants.Z_BEST_COMPRESSION, memLevel: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (c: Buffer) => out.push(c));
  const done = new Promise((resolve) => deflate.on('end', resolve));
  const mb = Buffer.alloc(1 << 20, 0x20);
  for (let i = 0; i < inflatedMb; i++) {
    if (!deflate.write(mb)) await new Promise((r) => deflate.once('drain', r));
  }
  deflate.end();
  await done;
  const content = stream('/Filter /FlateDecode', Buffer.concat(out));
  return rawPdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [5 0 R] /Count 1 >>',
    content,
    FONT,
    PAGE,
  ]);
}

/** A page whose dictionary nests `depth` arrays inside each other ([[[[…]]]]). */
export function deepNesting(depth: number): Buffer {
  const deep = '['.repeat(depth) + ']'.repeat(depth);
  const content = stream('', Buffer.from('BT /F1 12 Tf 72 720 Td (Deep) Tj ET'));
  const page = PAGE.replace('/Contents 3 0 R', `/Contents 3 0 R /Deep ${deep}`);
  return rawPdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [5 0 R] /Count 1 >>',
    content,
    FONT,
    page,
  ]);
}

/** `pages` pages sharing one small content stream ("Page" on each). */
export function manyPages(pages: number): Buffer {
  const first = 5;
  const kids = Array.from({ length: pages }, (_, i) => `${first + i} 0 R`).join(' ');
  const content = stream('', Buffer.from('BT /F1 12 Tf 72 720 Td (Page) Tj ET'));
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${kids}] /Count ${pages} >>`,
    content,
    FONT,
  ];
  for (let i = 0; i < pages; i++) objects.push(PAGE);
  return rawPdf(objects);
}
