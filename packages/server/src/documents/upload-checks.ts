/**
 * Checks that run on an upload while it streams: the type from the first bytes (core's
 * sniffer), then the size limit of that type, and for a ZIP the OFD structure once complete.
 */
import fs from 'node:fs';
import { Transform } from 'node:stream';
import {
  describeRefusal, findZipCentralDirectory, isOfdPackage, MEDIA_TYPES, parseZipCentralDirectory, sniffMediaType, SNIFF_BYTES,
  type TMediaKind, type TRefusedKind,
} from '@xietong/core/dossier';
import { AppError } from '../http/app-error';
import { UPLOAD_STAGE_BYTES, type TBlobInfo } from './blob-store';

function refused(kind: TRefusedKind): AppError {
  return new AppError('DOCUMENT_TYPE_REFUSED', {
    details: { detected: kind, accepted: Object.values(MEDIA_TYPES).map((m) => m.mime) },
    message: `文件类型不被接受：${describeRefusal(kind)}。只接受 PDF、JPEG、PNG、TIFF、OFD（按文件内容判断，与文件名无关）`,
  });
}

export type TUploadCheck = Transform & { kind(): TMediaKind };

export function uploadCheck(maxBytes: Record<TMediaKind, number>): TUploadCheck {
  let head: Buffer[] = [];
  let headLen = 0;
  let kind: TMediaKind | null = null;
  let size = 0;
  const decide = (complete: boolean): AppError | null => {
    const r = sniffMediaType(Buffer.concat(head, headLen), complete);
    if (r.ok === 'need_more') return null;
    if (r.ok === false) return refused(r.refused);
    kind = r.kind === 'zip_candidate' ? 'ofd' : r.kind;
    return null;
  };
  const overLimit = () =>
    new AppError('DOCUMENT_TOO_LARGE', {
      details: { type: kind, limitBytes: maxBytes[kind!] },
      message: `文件超过大小限制：${MEDIA_TYPES[kind!].zh}不得超过${Math.floor(maxBytes[kind!] / 1048576)}MB`,
    });
  const t = new Transform({
    highWaterMark: UPLOAD_STAGE_BYTES,
    transform(chunk: Buffer, _enc, cb) {
      size += chunk.length;
      if (kind === null) {
        head.push(chunk);
        headLen += chunk.length;
        if (headLen < SNIFF_BYTES) return cb();
        const err = decide(true);
        if (err) return cb(err);
        const buffered = Buffer.concat(head, headLen);
        head = [];
        if (size > maxBytes[kind!]) return cb(overLimit());
        return cb(null, buffered);
      }
      if (size > maxBytes[kind]) return cb(overLimit());
      cb(null, chunk);
    },
    flush(cb) {
      if (kind === null) {
        if (headLen === 0) return cb(new AppError('VALIDATION_FAILED', { message: '上传的文件为空' }));
        const err = decide(true);
        if (err) return cb(err);
        if (size > maxBytes[kind!]) return cb(overLimit());
        this.push(Buffer.concat(head, headLen));
      }
      cb();
    },
  }) as TUploadCheck;
  t.kind = () => {
    if (!kind) throw new Error('upload not checked yet');
    return kind;
  };
  return t;
}

/** A ZIP is accepted only as OFD: its central directory must list OFD.xml at the root. */
export async function verifyOfd(tmpPath: string, info: TBlobInfo): Promise<void> {
  const fh = await fs.promises.open(tmpPath, 'r');
  try {
    const tailLen = Math.min(info.size, 22 + 0xffff);
    const tail = Buffer.alloc(tailLen);
    await fh.read(tail, 0, tailLen, info.size - tailLen);
    const cd = findZipCentralDirectory(tail);
    if (!cd || cd.offset + cd.size > info.size || cd.size > 64 * 1048576) throw refused('zip');
    const dir = Buffer.alloc(cd.size);
    await fh.read(dir, 0, cd.size, cd.offset);
    if (!isOfdPackage(parseZipCentralDirectory(dir))) throw refused('zip');
  } finally {
    await fh.close();
  }
}
