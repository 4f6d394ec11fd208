/**
 * Test helper: give a case every mandatory evidence item its charges' guide expects for
 * both sends (one uploaded PDF tagged to all of them, with passing values for rule items),
 * through the real upload and tagging endpoints.
 */
import type { TChargeCode } from '@xietong/core/charges';
import { evidenceChecklistFor } from '@xietong/core/evidence';
import { PDFDocument } from 'pdf-lib';
import crypto from 'node:crypto';
import type { TTestEnv } from './harness';

const PASSING_VALUES: Record<string, unknown> = { bac_mg_per_100ml: 152, breath_bac_mg_per_100ml: 152, unpaid_loss_yuan: 400000, injury_degree: 3 };

export async function provideAllEvidence(env: TTestEnv, user: { cookie: string }, caseId: string, charges: string[] = ['dangerous_driving'], opts: { except?: string[] } = {}): Promise<void> {
  const doc = await PDFDocument.create();
  doc.addPage([200, 200]);
  const pdf = Buffer.from(await doc.save());
  const boundary = `----xt${crypto.randomBytes(6).toString('hex')}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="evidence.pdf"\r\nContent-Type: application/pdf\r\n\r\n`),
    pdf, Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const up = await env.app.inject({
    method: 'POST', url: `/api/cases/${caseId}/documents?docType=evidence_bundle&title=${encodeURIComponent('证据材料汇编')}`,
    headers: { cookie: user.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload,
  });
  if (up.statusCode !== 201) throw new Error(`upload: ${up.statusCode} ${up.body}`);
  const guide = evidenceChecklistFor(charges as TChargeCode[]);
  const items = guide.items
    .filter((i) => i.mandatory && !(opts.except ?? []).includes(i.id))
    .map((i) => {
      const values = Object.fromEntries((i.rules ?? []).map((r: { field: string }) => [r.field, PASSING_VALUES[r.field]]).filter(([, v]) => v !== undefined));
      return Object.keys(values).length ? { itemId: i.id, values } : { itemId: i.id };
    });
  const tag = await env.app.inject({ method: 'PUT', url: `/api/documents/${up.json().id}/evidence-tags`, headers: { cookie: user.cookie }, payload: { items } });
  if (tag.statusCode !== 200) throw new Error(`tag: ${tag.statusCode} ${tag.body}`);
}
