/**
 * Text layer and page count of a stored PDF, read before the version row is written (the
 * row is append-only, so its page count cannot be filled in later). Large PDFs are skipped
 * (XIETONG_TEXT_EXTRACT_MAX_MB): their page count stays unknown and they are not searchable.
 * A PDF whose text cannot be read is still stored as it came.
 */
import type { FastifyBaseLogger } from 'fastify';
import { readAll, type TBlobStore } from './blob-store';
import { extractPdfText, type TPdfText } from './pdf-text';

export async function extractStoredPdf(store: TBlobStore, sha256: string, size: number, maxBytes: number, log?: FastifyBaseLogger): Promise<TPdfText | null> {
  if (size > maxBytes) return null;
  try {
    return await extractPdfText(await readAll(await store.get(sha256)));
  } catch (e) {
    log?.warn({ err: e, sha256 }, 'PDF text extraction failed');
    return null;
  }
}
