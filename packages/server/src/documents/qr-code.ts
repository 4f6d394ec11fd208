/**
 * Draw a QR code (the `qrcode` library computes the modules) as vector squares on a PDF page, so
 * it prints sharp at any resolution. Error correction M (15 %): a folded or stamped page scans.
 */
import QRCode from 'qrcode';
import { fill, popGraphicsState, pushGraphicsState, rectangle, setFillingRgbColor, type PDFOperator, type PDFPage } from 'pdf-lib';

export function drawQrCode(page: PDFPage, text: string, o: { x: number; y: number; size: number }): void {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const quiet = 2; // modules of white margin each side (the page is white around it)
  const m = o.size / (n + 2 * quiet);
  // one path of rectangles filled once (a drawRectangle per run wrote ~8 operators each: the
  // QR was most of a 文书's content stream and of its rendering time)
  const ops: PDFOperator[] = [pushGraphicsState(), setFillingRgbColor(0, 0, 0)];
  for (let r = 0; r < n; r++) {
    // one rectangle per run of dark modules in the row
    let c = 0;
    while (c < n) {
      if (!qr.modules.get(r, c)) { c++; continue; }
      const start = c;
      while (c < n && qr.modules.get(r, c)) c++;
      ops.push(rectangle(o.x + (quiet + start) * m, o.y + o.size - (quiet + r + 1) * m, (c - start) * m, m));
    }
  }
  ops.push(fill(), popGraphicsState());
  page.pushOperators(...ops);
}
