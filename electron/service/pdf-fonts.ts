/**
 * The Noto Sans files the kiosk's PDFs use (hospital tickets, bank receipts; shared here so no workflow imports
 * another's files) (the PDF embeds them, raster mode draws with them), found by module resolution:
 * from the repo in Node, and inside app.asar in the packaged app (Electron's fs reads asar paths;
 * electron-builder.yml keeps these two files and the font licence, and drops the package's other weights).
 * Noto Sans is under the SIL Open Font License 1.1 (docs/printing.md).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export const FONT_FILES = {
  regular: '@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf',
  bold: '@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf',
} as const;

let fonts: { regular: Buffer; bold: Buffer } | null = null;

export function pdfFonts(): { regular: Buffer; bold: Buffer } {
  if (!fonts) {
    const req = createRequire(import.meta.url);
    fonts = { regular: readFileSync(req.resolve(FONT_FILES.regular)), bold: readFileSync(req.resolve(FONT_FILES.bold)) };
  }
  return fonts;
}

/** The hospital ticket's name for the same fonts. */
export const ticketFonts = pdfFonts;

/** Ends a PDFKit document and collects its bytes (every PDF the kiosk makes: tickets, receipts, reports). */
export async function pdfBytes(doc: PDFKit.PDFDocument): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  const done = new Promise<void>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });
  doc.end();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}
