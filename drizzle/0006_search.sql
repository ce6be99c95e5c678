-- Full-text search over message bodies (issue 14): an external-content FTS5 table (the text lives
-- only in `message`), kept in step by triggers, so every insert, edit and tombstone updates the
-- index inside the writer's own transaction. porter stems ("deploying" finds "deploy"), unicode61
-- folds case and diacritics, and the 2- and 3-character prefix indexes keep prefix queries
-- typed a word at a time ("de*", "dep*") cheap. A tombstone's body is '', so it leaves the index.
-- Anything that rebuilds the `message` table must recreate these triggers.
CREATE VIRTUAL TABLE `message_fts` USING fts5(body, content='message', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2', prefix='2 3');
--> statement-breakpoint
CREATE TRIGGER `message_fts_after_insert` AFTER INSERT ON `message` BEGIN
  INSERT INTO `message_fts` (rowid, body) VALUES (new.id, new.body);
END;
--> statement-breakpoint
CREATE TRIGGER `message_fts_after_delete` AFTER DELETE ON `message` BEGIN
  INSERT INTO `message_fts` (`message_fts`, rowid, body) VALUES ('delete', old.id, old.body);
END;
--> statement-breakpoint
CREATE TRIGGER `message_fts_after_update` AFTER UPDATE OF body ON `message` BEGIN
  INSERT INTO `message_fts` (`message_fts`, rowid, body) VALUES ('delete', old.id, old.body);
  INSERT INTO `message_fts` (rowid, body) VALUES (new.id, new.body);
END;
--> statement-breakpoint
-- An existing server's messages are indexed once, here.
INSERT INTO `message_fts` (`message_fts`) VALUES ('rebuild');
