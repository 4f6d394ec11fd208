/** Tables of the exchange API (migration 0035, issue 16). */
import type { Generated } from 'kysely';

export type ExchangeSystemsTable = {
  id: Generated<string>;
  user_id: string;
  agency_id: string;
  name: string;
  api_key_hash: Buffer;
  public_key_pem: string;
  key_id: string;
  webhook_url: string | null;
  webhook_paused: Generated<boolean>;
  disabled: Generated<boolean>;
  created_at: Generated<Date>;
};

export type ExchangeOutboxTable = {
  /** bigserial: node-pg gives int8 as a string */
  seq: Generated<string>;
  system_id: string;
  event_id: string;
  case_id: string;
  instance_id: string;
  created_at: Generated<Date>;
  attempts: Generated<number>;
  next_attempt_at: Generated<Date>;
  last_error: string | null;
  delivered_at: Date | null;
};

export type ExchangeReceiptsTable = {
  id: Generated<string>;
  direction: 'inbound' | 'outbound';
  system_id: string;
  message_id: string;
  outbox_seq: string | null;
  event_id: string | null;
  status: 'received' | 'accepted' | 'rejected';
  reason: string | null;
  signed_text: string;
  signature: Buffer;
  signer_key_id: string;
  at: Generated<Date>;
};
