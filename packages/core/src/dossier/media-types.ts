/**
 * What a file is, decided from its bytes (magic numbers), never from its name or the
 * Content-Type a client claims: a renamed executable must not enter the case file.
 */

export const MEDIA_TYPES = {
  pdf: { mime: 'application/pdf', ext: 'pdf', zh: 'PDF' },
  jpeg: { mime: 'image/jpeg', ext: 'jpg', zh: 'JPEG图像' },
  png: { mime: 'image/png', ext: 'png', zh: 'PNG图像' },
  tiff: { mime: 'image/tiff', ext: 'tif', zh: 'TIFF图像' },
  // OFD (GB/T 33190): a ZIP container whose root holds OFD.xml. Stored and listed, not rendered.
  ofd: { mime: 'application/ofd', ext: 'ofd', zh: 'OFD版式文件' },
} as const;
export type TMediaKind = keyof typeof MEDIA_TYPES;
export const MEDIA_KINDS = Object.keys(MEDIA_TYPES) as TMediaKind[];

/** Kinds we name when refusing, so the message says what the bytes really were. */
export type TRefusedKind = 'elf' | 'pe' | 'mach_o' | 'script' | 'java_class' | 'zip' | 'unknown';

export type TSniffResult =
  | { ok: true; kind: TMediaKind | 'zip_candidate' }
  | { ok: false; refused: TRefusedKind }
  | { ok: 'need_more' };

/** Bytes a sniffer may need: a PDF header may sit anywhere in the first 1024 bytes (ISO 32000-1 §7.5.2 note). */
export const SNIFF_BYTES = 1024;

const startsWith = (b: Uint8Array, sig: readonly number[], at = 0) =>
  b.length >= at + sig.length && sig.every((x, i) => b[at + i] === x);

function indexOfAscii(b: Uint8Array, s: string, limit: number): number {
  const n = Math.min(b.length, limit) - s.length;
  outer: for (let i = 0; i <= n; i++) {
    for (let j = 0; j < s.length; j++) if (b[i + j] !== s.charCodeAt(j)) continue outer;
    return i;
  }
  return -1;
}

/**
 * Decide from the head of a file. `complete` says the head is the whole file (a short file),
 * so 'need_more' is never returned then. A ZIP is only a candidate: OFD needs its OFD.xml entry
 * (see `zipHasRootEntry`), checked once the whole file is stored.
 */
export function sniffMediaType(head: Uint8Array, complete = false): TSniffResult {
  // Executables and scripts first: refused whatever else they might look like.
  if (startsWith(head, [0x7f, 0x45, 0x4c, 0x46])) return { ok: false, refused: 'elf' };
  if (startsWith(head, [0x4d, 0x5a])) return { ok: false, refused: 'pe' };
  if (
    startsWith(head, [0xfe, 0xed, 0xfa, 0xce]) || startsWith(head, [0xfe, 0xed, 0xfa, 0xcf]) ||
    startsWith(head, [0xce, 0xfa, 0xed, 0xfe]) || startsWith(head, [0xcf, 0xfa, 0xed, 0xfe])
  ) return { ok: false, refused: 'mach_o' };
  if (startsWith(head, [0xca, 0xfe, 0xba, 0xbe])) return { ok: false, refused: 'java_class' };
  if (startsWith(head, [0x23, 0x21])) return { ok: false, refused: 'script' };

  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { ok: true, kind: 'png' };
  if (startsWith(head, [0xff, 0xd8, 0xff])) return { ok: true, kind: 'jpeg' };
  if (startsWith(head, [0x49, 0x49, 0x2a, 0x00]) || startsWith(head, [0x4d, 0x4d, 0x00, 0x2a])) return { ok: true, kind: 'tiff' };
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return { ok: true, kind: 'zip_candidate' };
  if (indexOfAscii(head, '%PDF-', SNIFF_BYTES) >= 0) return { ok: true, kind: 'pdf' };
  if (!complete && head.length < SNIFF_BYTES) return { ok: 'need_more' };
  return { ok: false, refused: 'unknown' };
}

const u16 = (b: Uint8Array, o: number) => b[o]! | (b[o + 1]! << 8);
const u32 = (b: Uint8Array, o: number) => (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;

export type TZipEntry = { name: string; method: number; compressedSize: number; size: number; localHeaderOffset: number };

/** Where the central directory is, read from the end-of-central-directory record in `tail`. */
export function findZipCentralDirectory(tail: Uint8Array): { offset: number; size: number; entries: number } | null {
  // EOCD is 22 bytes + a comment of at most 65535 bytes.
  for (let i = tail.length - 22; i >= Math.max(0, tail.length - 22 - 0xffff); i--) {
    if (u32(tail, i) === 0x06054b50) return { entries: u16(tail, i + 10), size: u32(tail, i + 12), offset: u32(tail, i + 16) };
  }
  return null;
}

/** Entries of a central directory (bytes exactly as found at the offset `findZipCentralDirectory` gave). */
export function parseZipCentralDirectory(cd: Uint8Array): TZipEntry[] {
  const entries: TZipEntry[] = [];
  let o = 0;
  const dec = new TextDecoder();
  while (o + 46 <= cd.length && u32(cd, o) === 0x02014b50) {
    const nameLen = u16(cd, o + 28);
    const extraLen = u16(cd, o + 30);
    const commentLen = u16(cd, o + 32);
    entries.push({
      method: u16(cd, o + 10),
      compressedSize: u32(cd, o + 20),
      size: u32(cd, o + 24),
      localHeaderOffset: u32(cd, o + 42),
      name: dec.decode(cd.subarray(o + 46, o + 46 + nameLen)),
    });
    o += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** An OFD package has OFD.xml at its root (GB/T 33190-2016 §7.1). */
export function isOfdPackage(entries: readonly TZipEntry[]): boolean {
  return entries.some((e) => e.name === 'OFD.xml' || e.name === '/OFD.xml');
}

export function describeRefusal(kind: TRefusedKind): string {
  switch (kind) {
    case 'elf':
      return '可执行程序（ELF）';
    case 'pe':
      return '可执行程序（Windows PE）';
    case 'mach_o':
      return '可执行程序（Mach-O）';
    case 'java_class':
      return 'Java类文件';
    case 'script':
      return '脚本文件';
    case 'zip':
      return '普通ZIP压缩包（不是OFD）';
    case 'unknown':
      return '无法识别的文件类型';
  }
}
