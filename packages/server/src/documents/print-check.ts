/**
 * Test support: does a PDF print? Draws it with two independent renderers from Debian (poppler's
 * pdftoppm, MuPDF's mutool) and reads its text layer (pdftotext -layout). Used by the tests of every
 * PDF the platform writes (法律文书, 笔录, exported volumes): the text layer alone once passed while
 * every page printed blank (fontkit's broken font subset, see font-subset.ts).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const TOOLS = ['pdftoppm', 'mutool', 'pdftotext', 'pdffonts'] as const;
export const missingRenderTools: string[] = TOOLS.filter((t) => spawnSync('sh', ['-c', `command -v ${t}`]).status !== 0);
export const INSTALL_HINT = 'apt-get install poppler-utils mupdf-tools';

export type TPrintReport = {
  text: string;
  pageTexts: string[];
  /** stderr lines of each renderer (MuPDF's "no ICC support" note left out). */
  complaints: { pdftoppm: string[]; mutool: string[] };
  /**
   * For every word of the text layer and each renderer: the share of its box (at 100 dpi) that carries ink.
   * A drawn line of 3号 text covers 15–35 % of its box; a line of blank glyphs 0.
   */
  coverage: { renderer: 'pdftoppm' | 'mutool'; page: number; text: string; coverage: number }[];
  pages: { pdftoppm: number; mutool: number };
  /** pdffonts: every font with whether it is embedded (a reader without the font would substitute or draw nothing). */
  fonts: { name: string; embedded: boolean }[];
};

function run(cmd: string, args: string[]): { stdout: string; stderr: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return { stdout: r.stdout, stderr: r.stderr };
}

const DPI = 100;

const complaintsOf = (stderr: string) =>
  stderr.split('\n').map((l) => l.trim()).filter((l) => l && l !== 'warning: ICC support is not available');

type TRaster = { width: number; height: number; data: Buffer; offset: number };

function readPpm(file: string): TRaster {
  const buf = fs.readFileSync(file);
  const header = buf.subarray(0, 64).toString('latin1').match(/^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/);
  if (!header) throw new Error(`${file} is not a binary PPM`);
  return { width: Number(header[1]), height: Number(header[2]), data: buf, offset: header[0].length };
}

/** Pixels in the box (raster coordinates) that carry ink of any colour: black text or the red seal. */
function inkIn(r: TRaster, x0: number, y0: number, x1: number, y1: number): number {
  let n = 0;
  for (let y = Math.max(0, Math.floor(y0)); y < Math.min(r.height, Math.ceil(y1)); y++) {
    for (let x = Math.max(0, Math.floor(x0)); x < Math.min(r.width, Math.ceil(x1)); x++) {
      const i = r.offset + (y * r.width + x) * 3;
      if (Math.min(r.data[i]!, r.data[i + 1]!, r.data[i + 2]!) < 160) n++;
    }
  }
  return n;
}

/** The text layer's words (poppler: a line of CJK text is one word) with their boxes in points from the top left. */
function wordsOf(bboxHtml: string): { page: number; text: string; x0: number; y0: number; x1: number; y1: number }[] {
  const out: { page: number; text: string; x0: number; y0: number; x1: number; y1: number }[] = [];
  bboxHtml.split('<page ').slice(1).forEach((pageHtml, i) => {
    for (const m of pageHtml.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)) {
      out.push({ page: i + 1, text: m[5]!, x0: Number(m[1]), y0: Number(m[2]), x1: Number(m[3]), y1: Number(m[4]) });
    }
  });
  return out;
}

const filesEnding = (dir: string, ext: string) => fs.readdirSync(dir).filter((f) => f.endsWith(ext)).sort().map((f) => path.join(dir, f));

export function printReport(bytes: Uint8Array): TPrintReport {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xietong-print-'));
  try {
    const file = path.join(dir, 'doc.pdf');
    fs.writeFileSync(file, bytes);
    const text = run('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-']).stdout;
    const pageTexts = text.split('\f');
    const words = wordsOf(run('pdftotext', ['-bbox', '-enc', 'UTF-8', file, '-']).stdout);
    fs.mkdirSync(path.join(dir, 'poppler'));
    fs.mkdirSync(path.join(dir, 'mupdf'));
    const poppler = run('pdftoppm', ['-r', String(DPI), file, path.join(dir, 'poppler', 'p')]);
    const mupdf = run('mutool', ['draw', '-q', '-r', String(DPI), '-c', 'rgb', '-o', path.join(dir, 'mupdf', 'p%d.pnm'), file]);
    const pageNo = (f: string) => Number(f.match(/(\d+)\.p[pn]m$/)![1]);
    const rendered = {
      pdftoppm: filesEnding(path.join(dir, 'poppler'), '.ppm').sort((a, b) => pageNo(a) - pageNo(b)),
      mutool: filesEnding(path.join(dir, 'mupdf'), '.pnm').sort((a, b) => pageNo(a) - pageNo(b)),
    };
    const coverage: TPrintReport['coverage'] = [];
    const k = DPI / 72;
    for (const renderer of ['pdftoppm', 'mutool'] as const) {
      rendered[renderer].forEach((f, i) => {
        const raster = readPpm(f);
        for (const w of words.filter((x) => x.page === i + 1)) {
          const area = (w.x1 - w.x0) * (w.y1 - w.y0) * k * k;
          coverage.push({ renderer, page: i + 1, text: w.text, coverage: area > 0 ? inkIn(raster, w.x0 * k, w.y0 * k, w.x1 * k, w.y1 * k) / area : 0 });
        }
      });
    }
    const fonts = run('pdffonts', [file]).stdout.split('\n').slice(2).filter((l) => l.trim())
      .map((l) => ({ name: l.split(/\s+/)[0]!, embedded: / (yes|no) +(yes|no) +(yes|no) +\d+ +\d+\s*$/.exec(l)?.[1] === 'yes' }));
    return {
      text, pageTexts, coverage, fonts,
      complaints: { pdftoppm: complaintsOf(poppler.stderr), mutool: complaintsOf(mupdf.stderr) },
      pages: { pdftoppm: rendered.pdftoppm.length, mutool: rendered.mutool.length },
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Words of the text layer that the renderers did not draw: less than `minCoverage` of their box inked.
 * Drawn text covers 11–47 % (a short line of digits least); the blank-glyph bug left whole lines at 0 and the
 * few glyphs it drew could not lift a line above a few per cent.
 */
export function wordsWithoutInk(report: TPrintReport, minCoverage = 0.06): string[] {
  // a rule or dash (the — n — of page numbers) is a thin line, not a glyph with a body
  return report.coverage.filter((w) => w.coverage < minCoverage && !/^[—–\-_.·…]+$/.test(w.text)).map((w) => `${w.renderer} page ${w.page}: "${w.text}" ${(100 * w.coverage).toFixed(1)} % inked`);
}
