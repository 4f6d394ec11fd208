/**
 * The reference a printed 法律文书 carries in its QR code, so paper that comes back can be matched
 * and checked by scanning: `XT1|<document id>|<SM3 of the document's text as issued>|<signing key id>`.
 * The PDF's own SM3 cannot be printed inside the PDF; the text's SM3 binds the paper to the
 * words issued, and the key id to the SM2 signature record of that version in the ledger.
 */
import { hash, toHex } from '@xietong/core/ledger';

export const REFERENCE_PREFIX = 'XT1';

export type TPrintReference = { documentId: string; textSm3: string; keyId: string };

export function textSm3(text: string): string {
  return toHex(hash('sm3', new TextEncoder().encode(text)));
}

export function formatPrintReference(r: TPrintReference): string {
  return [REFERENCE_PREFIX, r.documentId, r.textSm3, r.keyId].join('|');
}

/** null when the text is not a reference of this platform (a foreign QR code, a damaged scan). */
export function parsePrintReference(s: string): TPrintReference | null {
  const parts = s.trim().split('|');
  if (parts.length !== 4 || parts[0] !== REFERENCE_PREFIX) return null;
  const [, documentId, sm3, keyId] = parts as [string, string, string, string];
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(documentId)) return null;
  if (!/^[0-9a-f]{64}$/i.test(sm3) || !/^[0-9A-Za-z_-]{8,128}$/.test(keyId)) return null;
  return { documentId: documentId.toLowerCase(), textSm3: sm3.toLowerCase(), keyId };
}
