DROP TABLE IF EXISTS ledger_witness_refusals, ledger_witness_state, ledger_cosignatures, ledger_checkpoints,
  ledger_keys, ledger_nodes, ledger_entries, ledger_meta CASCADE;
DROP FUNCTION IF EXISTS refuse_ledger_change(), refuse_ledger_entry_change();
