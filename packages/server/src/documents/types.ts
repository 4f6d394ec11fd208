import type { TClassification } from '@xietong/core/cases';
import type { z } from 'zod';
import type { ZDocument, ZDocumentSignature, ZDocumentVersion } from '@xietong/core/api';
import type { TDb } from '../db/database';
import type { TBlobStore } from './blob-store';
import type { TDocumentSettings } from './settings';

export type TDocumentView = z.output<typeof ZDocument>;
export type TDocumentVersionView = z.output<typeof ZDocumentVersion>;
export type TDocumentSignature = z.output<typeof ZDocumentSignature>;

/** What every document action needs: the database, the blob store and the settings. */
export type TDocumentDeps = {
  db: TDb; store: TBlobStore; settings: TDocumentSettings;
  /** the highest 密级 the platform holds (XIETONG_MAX_CLASSIFICATION); default 内部 */
  maxClassification?: TClassification;
  /** alert hook: a stored blob no longer matches its recorded hashes */
  onIntegrityFailure?: (e: { documentId: string; versionId: string; sha256: string }) => void;
};
