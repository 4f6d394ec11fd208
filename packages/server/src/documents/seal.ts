/**
 * The issuing agency's round seal (印章) drawn as vectors over the signature block: a red ring, a
 * five-pointed star, the agency name around the upper arc. It shows where the electronic seal is;
 * what makes the document the agency's is the SM2 signature over the file, not this drawing.
 */
import { BlendMode, degrees, rgb, type PDFFont, type PDFPage } from 'pdf-lib';

export const SEAL_RED = rgb(0.86, 0.08, 0.08);

export function drawRoundSeal(page: PDFPage, font: PDFFont, seal: { cx: number; cy: number; radius: number; name: string }): void {
  const { cx, cy, radius: r } = seal;
  // Multiply: the black agency name and date under the seal stay legible, as under real ink.
  const ink = { color: SEAL_RED, opacity: 0.9, blendMode: BlendMode.Multiply } as const;
  page.drawCircle({ x: cx, y: cy, size: r, borderColor: SEAL_RED, borderWidth: r * 0.055, borderOpacity: 0.9, blendMode: BlendMode.Multiply });

  // Star: outer radius 0.28 r, inner 0.38 of that, one point straight up.
  const R = r * 0.28;
  const pts: string[] = [];
  for (let i = 0; i < 10; i++) {
    const a = Math.PI / 2 + (i * Math.PI) / 5;
    const rr = i % 2 === 0 ? R : R * 0.382;
    pts.push(`${(rr * Math.cos(a)).toFixed(2)},${(-rr * Math.sin(a)).toFixed(2)}`); // SVG y grows downwards
  }
  page.drawSvgPath(`M${pts.join(' L')} Z`, { x: cx, y: cy, ...ink, borderWidth: 0 });

  // The name around the upper arc, read left to right, each character upright toward the rim.
  const chars = [...seal.name];
  const size = Math.min(r * 0.21, (r * 3.4) / Math.max(chars.length, 1));
  const baseline = r * 0.86 - size * 0.88; // glyph tops just inside the ring
  const step = Math.min((size * 1.08) / baseline, (Math.PI * 4) / 3 / Math.max(chars.length - 1, 1));
  const first = Math.PI / 2 + (step * (chars.length - 1)) / 2;
  chars.forEach((ch, i) => {
    const theta = first - i * step;
    const phi = theta - Math.PI / 2; // baseline direction: tangent, clockwise
    const w = font.widthOfTextAtSize(ch, size);
    const x = cx + baseline * Math.cos(theta) - (w / 2) * Math.cos(phi);
    const y = cy + baseline * Math.sin(theta) - (w / 2) * Math.sin(phi);
    page.drawText(ch, { x, y, size, font, rotate: degrees((phi * 180) / Math.PI), ...ink });
  });
}
