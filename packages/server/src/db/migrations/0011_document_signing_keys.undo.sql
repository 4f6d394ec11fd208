DROP TABLE IF EXISTS document_signing_keys;
