DROP TABLE IF EXISTS document_renders;
