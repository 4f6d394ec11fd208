/**
 * Draw a QR code (the `qrcode` library computes the modules) as vector squares on a PDF page, so
 * it prints sharp at any resolution. Error correction M (15 %): a folded or stamped page scans.
 *
 * The squares are one Form XObject in module units (integers: "x y w 1 re" per run of dark
 * modules, filled once) placed by one scaling matrix: a drawRectangle per run wrote ~8 operators
 * with fractional coordinates each, most of a 文书's content stream and of its rendering time.
 */
import QRCode from 'qrcode';
import { concatTransformationMatrix, drawObject, popGraphicsState, pushGraphicsState, type PDFPage } from 'pdf-lib';

export function drawQrCode(page: PDFPage, text: string, o: { x: number; y: number; size: number }): void {
  // one byte-mode segment: what the optimal segmentation picks for this text anyway, without its search
  const qr = QRCode.create([{ data: Buffer.from(text, 'utf8'), mode: 'byte' }], { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const quiet = 2; // modules of white margin each side (the page is white around it)
  const side = n + 2 * quiet;
  let ops = '0 0 0 rg\n';
  for (let r = 0; r < n; r++) {
    // one rectangle per run of dark modules in the row (row 0 at the top)
    let c = 0;
    while (c < n) {
      if (!qr.modules.get(r, c)) { c++; continue; }
      const start = c;
      while (c < n && qr.modules.get(r, c)) c++;
      ops += `${quiet + start} ${side - quiet - r - 1} ${c - start} 1 re\n`;
    }
  }
  ops += 'f\n';
  const context = page.doc.context;
  const form = context.register(context.flateStream(ops, { Type: 'XObject', Subtype: 'Form', BBox: [0, 0, side, side] }));
  const name = page.node.newXObject('QR', form);
  const m = o.size / side;
  page.pushOperators(pushGraphicsState(), concatTransformationMatrix(m, 0, 0, m, o.x, o.y), drawObject(name), popGraphicsState());
}
