/**
 * Test helpers for documents: multipart bodies, small valid files, actor contexts, ZIP reading.
 */
import crypto from 'node:crypto';
import { findZipCentralDirectory, parseZipCentralDirectory } from '@xietong/core/dossier';
import { PDFDocument } from 'pdf-lib';
import { loadMe } from '../auth/load-me';
import type { TAuthedContext } from '../http/route';
import type { TTestEnv } from '../test/harness';
import { PdfWriter } from './pdf-layout';

export function multipart(content: Buffer, fileName = 'file.bin', field = 'file'): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----xietong${crypto.randomBytes(8).toString('hex')}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, content, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

export async function upload(env: TTestEnv, user: { cookie: string }, url: string, content: Buffer, fileName = 'file.pdf') {
  const m = multipart(content, fileName);
  return env.app.inject({ method: 'POST', url, headers: { cookie: user.cookie, ...m.headers }, payload: m.payload });
}

/** A small real PDF with a Chinese text layer. */
export async function chinesePdf(lines: string[]): Promise<Buffer> {
  const w = await PdfWriter.create();
  for (const l of lines) w.paragraph(l);
  return Buffer.from(await w.save({ title: lines[0] ?? 'test', author: 'test' }));
}

export async function plainPdf(pages = 1): Promise<Buffer> {
  const doc = await PDFDocument.create();
  for (let i = 0; i < pages; i++) doc.addPage([200, 200]);
  return Buffer.from(await doc.save());
}

/** 1×1 PNG (a signature or fingerprint stand-in). */
export const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64',
);

export async function ctxFor(env: TTestEnv, userId: string): Promise<TAuthedContext> {
  const { actor } = await loadMe(env.database.db, userId);
  return { actor, ip: '127.0.0.1', userAgent: 'test' };
}

/** Entries of a ZIP written with stored (uncompressed) entries: name → bytes. */
export function readStoredZip(zip: Buffer): Map<string, Buffer> {
  const cd = findZipCentralDirectory(zip)!;
  const out = new Map<string, Buffer>();
  for (const e of parseZipCentralDirectory(zip.subarray(cd.offset, cd.offset + cd.size))) {
    if (e.method !== 0) throw new Error(`${e.name} is compressed`);
    const o = e.localHeaderOffset;
    const nameLen = zip.readUInt16LE(o + 26);
    const extraLen = zip.readUInt16LE(o + 28);
    out.set(e.name, zip.subarray(o + 30 + nameLen + extraLen, o + 30 + nameLen + extraLen + e.compressedSize));
  }
  return out;
}
