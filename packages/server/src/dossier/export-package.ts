/**
 * The offline transfer package (离线移送包): a ZIP of every volume the caller may pass on,
 * each document's current version as its original file, `manifest.json` with SHA-256 and SM3
 * of every file (and of superseded versions), `signatures.json` with the detached SM2
 * signatures and public keys, and `ledger-proof.json` (the ledger's inclusion proofs up to a
 * cosigned checkpoint) so the receiver can verify without reaching this server.
 * Files are stored uncompressed: PDFs and images are compressed already, and a stored entry
 * can be checked byte for byte.
 */
import crypto from 'node:crypto';
import { PassThrough, type Readable } from 'node:stream';
import { MEDIA_TYPES } from '@xietong/core/dossier';
import type { FastifyBaseLogger } from 'fastify';
import yazl from 'yazl';
import { assertCaseReadable } from '../access/gate';
import { refuseLawyer } from '../defence/lawyer-client';
import { writeAudit } from '../audit/write-audit';
import { AppError } from '../http/app-error';
import type { TAuthedContext } from '../http/route';
import { toSignatureView } from '../documents/documents.repository';
import { visibleDocuments } from '../documents/list-documents';
import type { TDocumentDeps } from '../documents/types';
import { buildPackageProofs, PACKAGE_PROOF_FILE, type TPackageProofFile } from '../ledger/package-proofs';
import { buildVolumes, partyOrder } from './get-dossier';

export const PACKAGE_FORMAT = 'xietong-dossier-package/v1';

// eslint-disable-next-line no-control-regex -- file names inside the ZIP must not carry control characters
const safe = (s: string) => s.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').slice(0, 80);

export async function exportPackage(deps: TDocumentDeps, ctx: TAuthedContext, caseId: string, log?: FastifyBaseLogger): Promise<{ stream: Readable; fileName: string }> {
  const { db } = deps;
  await assertCaseReadable(db, ctx, caseId, 'dossier.exported');
  await refuseLawyer(db, ctx, caseId, 'dossier.exported');
  // Only what may travel: transferable volumes (ours and earlier agencies'), never 侦查工作卷/副卷.
  const docs = (await visibleDocuments(db, ctx, caseId)).filter((d) => {
    const v = buildVolumes([d], ctx.actor.agencyId, []);
    return v[0]!.transferable;
  });
  if (!docs.length) throw new AppError('NOT_FOUND', { message: '没有可移送的卷宗材料' });
  const c = await db.selectFrom('cases').select(['id', 'title', 'police_number', 'procuratorate_number', 'court_number']).where('id', '=', caseId).executeTakeFirstOrThrow();
  const volumes = buildVolumes(docs, ctx.actor.agencyId, await partyOrder(db, caseId));
  const versionIds = docs.map((d) => d.currentVersion.id);
  const history = await db.selectFrom('document_versions').select(['id', 'document_id', 'version', 'sha256', 'sm3', 'size', 'supersede_reason', 'uploaded_at'])
    .where('document_id', 'in', docs.map((d) => d.id)).orderBy('version').execute();
  const sigRows = await db.selectFrom('document_signatures').selectAll().where('version_id', 'in', versionIds).execute();

  const files: { path: string; doc: (typeof docs)[number] }[] = [];
  const manifestVolumes = volumes.map((v, vi) => ({
    agencyId: v.agencyId, agencyName: v.agencyName, kind: v.kind, zh: v.zh, totalPages: v.totalPages,
    items: v.items.map((it, i) => {
      const d = v.documents[i]!;
      const ext = Object.values(MEDIA_TYPES).find((m) => m.mime === d.currentVersion.mediaType)?.ext ?? 'bin';
      const path = `volumes/${String(vi + 1).padStart(2, '0')}_${safe(v.agencyName)}_${v.zh}/${String(i + 1).padStart(3, '0')}_${safe(d.title)}.${ext}`;
      files.push({ path, doc: d });
      return {
        path, documentId: d.id, versionId: d.currentVersion.id, version: d.currentVersion.version, title: d.title, docType: d.docType, number: d.number,
        mediaType: d.currentVersion.mediaType, size: d.currentVersion.size, sha256: d.currentVersion.sha256, sm3: d.currentVersion.sm3,
        pageFrom: it.pageFrom, pageTo: it.pageTo, evidenceItems: d.evidenceItems,
        earlierVersions: history.filter((h) => h.document_id === d.id && h.id !== d.currentVersion.id)
          .map((h) => ({ versionId: h.id, version: h.version, sha256: h.sha256, sm3: h.sm3, size: Number(h.size), supersedeReason: h.supersede_reason, uploadedAt: h.uploaded_at.toISOString() })),
      };
    }),
  }));
  const manifest = {
    format: PACKAGE_FORMAT, exportedAt: new Date().toISOString(), exportedByAgencyId: ctx.actor.agencyId,
    case: { id: c.id, title: c.title, policeNumber: c.police_number, procuratorateNumber: c.procuratorate_number, courtNumber: c.court_number },
    hashAlgorithms: ['sha256', 'sm3'], volumes: manifestVolumes,
  };
  const signatures = { algorithm: 'SM2 with SM3 (GM/T 0003, ID 1234567812345678), signed message = SM3(file bytes)', signatures: sigRows.map(toSignatureView) };

  // Every file of the package is covered by the signed proof: the documents by their versions'
  // entries, manifest.json, signatures.json and README.txt by the export's own audit row, whose
  // details carry their SM3 (so an edited manifest or an added file fails `verify --package`).
  const json = (v: unknown) => Buffer.from(`${JSON.stringify(v, null, 2)}\n`);
  const sm3 = (b: Buffer) => crypto.createHash('sm3').update(b).digest('hex');
  const fixed = new Map<string, Buffer>([
    ['manifest.json', json({ ...manifest, ledgerProof: PACKAGE_PROOF_FILE })],
    ['signatures.json', json(signatures)],
    ['README.txt', Buffer.from(README)],
  ]);
  const auditId = await writeAudit(db, ctx, {
    action: 'dossier.exported', targetType: 'case', targetId: caseId, caseId,
    details: {
      format: 'zip', files: files.map((f) => ({ path: f.path, sm3: f.doc.currentVersion.sm3 })),
      packageFiles: [...fixed].map(([path, b]) => ({ path, sm3: sm3(b) })),
    },
  });
  let proof: unknown = null;
  try {
    const proofFiles: Record<string, TPackageProofFile[]> = {};
    for (const f of files) proofFiles[f.doc.currentVersion.id] = [{ path: f.path, alg: 'sm3', digestHex: f.doc.currentVersion.sm3 }];
    proof = await buildPackageProofs(db, versionIds, {
      dataDir: deps.settings.dataDir, files: proofFiles,
      extra: [{ refTable: 'audit_log', refId: auditId, files: [...fixed].map(([path, b]) => ({ path, alg: 'sm3' as const, digestHex: sm3(b) })) }],
    });
  } catch (e) {
    // The package is still useful with hashes and signatures; without ledger-proof.json it cannot be verified offline.
    log?.warn({ err: e }, 'ledger proofs unavailable for dossier package');
  }

  const zip = new yazl.ZipFile();
  for (const [path, b] of fixed) zip.addBuffer(b, path, { compress: false });
  if (proof) zip.addBuffer(json(proof), PACKAGE_PROOF_FILE, { compress: false });
  for (const f of files) {
    zip.addReadStreamLazy(f.path, { compress: false, size: f.doc.currentVersion.size }, (cb) => {
      deps.store.get(f.doc.currentVersion.sha256).then((s) => cb(null, s), (e: Error) => cb(e, undefined as never));
    });
  }
  zip.end();
  const out = new PassThrough();
  zip.outputStream.pipe(out);
  return { stream: out, fileName: `${safe(c.title)}_卷宗移送包.zip` };
}

const README = `协同 电子卷宗离线移送包 / Xietong dossier transfer package

manifest.json      每个文件的 SHA-256 与 SM3 哈希、卷别、页号、历史版本
signatures.json    签发文书的 SM2 签名（对文件字节的 SM3 摘要签名，默认ID 1234567812345678）及公钥
ledger-proof.json  区块链存证（Merkle 日志）包含证明与多机关共同签名的树头（如有）

核验：逐个文件计算 SM3，与 manifest.json 比对；对签发文书用 signatures.json 中的公钥验证签名；
或上传文件至 POST /api/signatures/verify。
`;
