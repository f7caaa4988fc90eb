// Schema changes, applied in order and recorded in PRAGMA user_version. Never edit a shipped migration:
// add the next one.

export const MIGRATIONS: readonly string[] = [
  // 1: raw deliveries, normalised events, the calls folded from them, and their search index.
  `
  CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );

  CREATE TABLE deliveries (
    id INTEGER PRIMARY KEY,
    received_at TEXT NOT NULL,
    envelope_id TEXT,
    attempt INTEGER,
    outcome TEXT NOT NULL CHECK (outcome IN ('accepted', 'duplicate', 'rejected', 'failed')),
    reason TEXT,
    signature TEXT NOT NULL,
    status INTEGER NOT NULL,
    notification_count INTEGER NOT NULL DEFAULT 0,
    actions TEXT NOT NULL DEFAULT '[]',
    headers TEXT NOT NULL,
    body BLOB NOT NULL
  );
  CREATE INDEX deliveries_by_envelope ON deliveries (envelope_id) WHERE envelope_id IS NOT NULL;

  CREATE TABLE calls (
    id INTEGER PRIMARY KEY,
    telmetrics_id TEXT UNIQUE,
    status TEXT NOT NULL,
    outcome TEXT,
    caller_number TEXT,
    called_number TEXT,
    ring_ms INTEGER,
    started_ms INTEGER NOT NULL,
    ended_ms INTEGER,
    has_recording INTEGER NOT NULL,
    has_transcript INTEGER NOT NULL,
    ad_source TEXT,
    data TEXT NOT NULL
  );
  CREATE INDEX calls_by_start ON calls (started_ms, id);
  CREATE INDEX calls_by_caller ON calls (caller_number, started_ms);
  CREATE INDEX calls_by_tracking_number ON calls (called_number, caller_number, started_ms);
  CREATE INDEX calls_by_outcome ON calls (outcome, started_ms, id);

  CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    delivery_id INTEGER NOT NULL REFERENCES deliveries (id),
    envelope_id TEXT NOT NULL,
    notification_index INTEGER NOT NULL,
    kind TEXT NOT NULL,
    action TEXT NOT NULL,
    call_id INTEGER REFERENCES calls (id),
    event TEXT NOT NULL,
    raw TEXT NOT NULL,
    UNIQUE (envelope_id, notification_index)
  );
  CREATE INDEX events_by_call ON events (call_id);

  -- number: every suffix of the caller's digits, so a prefix query finds any fragment of the number.
  CREATE VIRTUAL TABLE calls_search USING fts5 (
    name, number, place, source, transcript,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
  );
  `,
  // 2: the window's ad-source filter and its list of ad sources (a skip scan over this index).
  `
  CREATE INDEX calls_by_ad_source ON calls (ad_source, started_ms, id);
  `,
  // 3: test calls (sent through the public URL from the tunnel settings), to hide or delete them.
  `
  ALTER TABLE calls ADD COLUMN is_test INTEGER NOT NULL DEFAULT 0;
  CREATE INDEX calls_test ON calls (id) WHERE is_test = 1;
  `,
  // 4: a search's matches looked up by id read their start here instead of their whole row (a call row fills
  // a page of its own, this index holds hundreds to a page).
  `
  CREATE INDEX calls_start_by_id ON calls (id, started_ms);
  `,
  // 5: the number of calls, kept by triggers: counting them read a whole index (40 ms at a million calls),
  // and /api/health, which monitors and start-up wait on, reports it.
  `
  CREATE TABLE call_count (n INTEGER NOT NULL);
  INSERT INTO call_count (n) SELECT count(*) FROM calls;
  CREATE TRIGGER calls_count_insert AFTER INSERT ON calls BEGIN UPDATE call_count SET n = n + 1; END;
  CREATE TRIGGER calls_count_delete AFTER DELETE ON calls BEGIN UPDATE call_count SET n = n - 1; END;
  `,
  // 6 (refused-body budget): what of each body is kept (a refusal keeps only its first bytes; the oldest rejected
  // bodies are dropped past the budget), its size as received and its SHA-256, and the bytes the rejected
  // bodies hold, kept by triggers so the budget is checked without a scan.
  `
  ALTER TABLE deliveries ADD COLUMN body_size INTEGER;
  ALTER TABLE deliveries ADD COLUMN body_sha256 TEXT;
  ALTER TABLE deliveries ADD COLUMN body_kept TEXT NOT NULL DEFAULT 'whole' CHECK (body_kept IN ('whole', 'head', 'dropped', 'none'));
  CREATE INDEX deliveries_rejected_bodies ON deliveries (id) WHERE outcome = 'rejected' AND body_kept IN ('whole', 'head');
  CREATE TABLE rejected_body_bytes (n INTEGER NOT NULL);
  INSERT INTO rejected_body_bytes (n) SELECT coalesce(sum(length(body)), 0) FROM deliveries WHERE outcome = 'rejected';
  CREATE TRIGGER rejected_bytes_insert AFTER INSERT ON deliveries WHEN NEW.outcome = 'rejected'
    BEGIN UPDATE rejected_body_bytes SET n = n + length(NEW.body); END;
  CREATE TRIGGER rejected_bytes_update AFTER UPDATE OF body, outcome ON deliveries WHEN OLD.outcome = 'rejected' OR NEW.outcome = 'rejected'
    BEGIN UPDATE rejected_body_bytes SET n = n - iif(OLD.outcome = 'rejected', length(OLD.body), 0) + iif(NEW.outcome = 'rejected', length(NEW.body), 0); END;
  CREATE TRIGGER rejected_bytes_delete AFTER DELETE ON deliveries WHEN OLD.outcome = 'rejected'
    BEGIN UPDATE rejected_body_bytes SET n = n - length(OLD.body); END;
  `,
  // 7 (catch-up): answers of the vendor's calls API as received (a body re-read unchanged is stored once), the
  // call records folded from them, and which calls the app first learned of from the API.
  `
  CREATE TABLE api_bodies (
    id INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL UNIQUE,
    body BLOB NOT NULL
  );
  CREATE TABLE api_answers (
    id INTEGER PRIMARY KEY,
    received_at TEXT NOT NULL,
    provider TEXT NOT NULL,
    url TEXT NOT NULL,
    status INTEGER NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('accepted', 'rejected', 'failed')),
    reason TEXT,
    result_count INTEGER NOT NULL DEFAULT 0,
    body_id INTEGER NOT NULL REFERENCES api_bodies (id)
  );
  -- record_key: the call's id and a hash of what the record says, so a record read again is not stored again.
  CREATE TABLE api_events (
    id INTEGER PRIMARY KEY,
    answer_id INTEGER NOT NULL REFERENCES api_answers (id),
    result_index INTEGER NOT NULL,
    record_key TEXT NOT NULL UNIQUE,
    call_id INTEGER NOT NULL REFERENCES calls (id),
    event TEXT NOT NULL
  );
  CREATE INDEX api_events_by_call ON api_events (call_id);
  ALTER TABLE calls ADD COLUMN caught_up INTEGER NOT NULL DEFAULT 0;
  `,
  // 8 (know who is calling): names staff saved for callers' numbers, labels of the tracking numbers ("lines"),
  // each call's own best real name and its ad channel (the filter's groups). The registered functions
  // (./derivedColumns.ts) recompute the columns of existing calls from their stored fold, and the lines
  // learn each tracking number's latest ad name and call.
  `
  CREATE TABLE contacts (
    number TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    note TEXT,
    updated_at TEXT NOT NULL
  );
  CREATE TABLE lines (
    number TEXT PRIMARY KEY,
    label TEXT,
    ad_name TEXT,
    last_call_ms INTEGER
  );
  ALTER TABLE calls ADD COLUMN caller_name TEXT;
  ALTER TABLE calls ADD COLUMN ad_channel TEXT;
  UPDATE calls SET caller_name = call_caller_name(data), ad_source = call_ad_source(data), ad_channel = call_ad_channel(data);
  CREATE INDEX calls_by_ad_channel ON calls (ad_channel, started_ms, id);
  CREATE INDEX calls_by_line ON calls (called_number, started_ms, id);
  -- A number's latest earlier real name, without reading its calls that had none (a dialer's thousands).
  CREATE INDEX calls_named_by_caller ON calls (caller_number, started_ms) WHERE caller_name IS NOT NULL;
  INSERT INTO lines (number, ad_name, last_call_ms)
    SELECT called_number,
      (SELECT json_extract(p.data, '$.adName') FROM calls p WHERE p.called_number = g.called_number AND json_extract(p.data, '$.adName') IS NOT NULL
        ORDER BY p.started_ms DESC LIMIT 1),
      max(started_ms)
    FROM calls g WHERE called_number IS NOT NULL GROUP BY called_number;
  `,
  // 9 (calls to return): marks staff made on call-back entries (who, when, why), the entries as materialised from
  // each number's calls and marks (shared/callBacks/followUps.ts), which entry holds each call, notes on calls and
  // when a call was first opened. The entries of a history from before are built at the next start (./followUps.ts).
  `
  CREATE TABLE follow_up_marks (
    id INTEGER PRIMARY KEY,
    caller_number TEXT NOT NULL,
    call_id INTEGER NOT NULL,
    at_ms INTEGER NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('open', 'done')),
    by TEXT NOT NULL,
    note TEXT
  );
  CREATE INDEX follow_up_marks_by_caller ON follow_up_marks (caller_number);
  CREATE TABLE follow_ups (
    id INTEGER PRIMARY KEY,
    caller_number TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('open', 'done')),
    reason TEXT NOT NULL CHECK (reason IN ('missed', 'voicemail')),
    calls INTEGER NOT NULL,
    last_call_ms INTEGER NOT NULL,
    last_call_id INTEGER NOT NULL,
    call_ids TEXT NOT NULL,
    done_ms INTEGER,
    done_by TEXT,
    resolution TEXT CHECK (resolution IN ('marked', 'reached-later')),
    note TEXT,
    reached_call_id INTEGER
  );
  CREATE INDEX follow_ups_by_state ON follow_ups (state, last_call_ms);
  CREATE INDEX follow_ups_by_caller ON follow_ups (caller_number);
  CREATE INDEX follow_ups_by_reached_call ON follow_ups (reached_call_id) WHERE reached_call_id IS NOT NULL;
  CREATE TABLE follow_up_calls (
    call_id INTEGER PRIMARY KEY,
    follow_up_id INTEGER NOT NULL
  );
  CREATE INDEX follow_up_calls_by_entry ON follow_up_calls (follow_up_id);
  CREATE TABLE call_notes (
    id INTEGER PRIMARY KEY,
    call_id INTEGER NOT NULL,
    at TEXT NOT NULL,
    by TEXT NOT NULL,
    text TEXT NOT NULL
  );
  CREATE INDEX call_notes_by_call ON call_notes (call_id, id);
  ALTER TABLE calls ADD COLUMN opened_at TEXT;
  -- A number's calls as the entries are recomputed from, read from the index alone (a row is a few kB).
  CREATE INDEX calls_outcome_by_caller ON calls (caller_number, started_ms, outcome);
  INSERT INTO settings (key, value) SELECT 'followUpsToBuild', '1' WHERE EXISTS (SELECT 1 FROM calls);
  `,
  // 10 (recordings that play offline): each call's recording as this PC holds it (../recordings/). A row is
  // written when a fetch is tried; a call with a recording URL and no row is not downloaded yet. IF NOT EXISTS:
  // the tests that turn a database back into schema 8 or 9 to check its upgrade leave this table as it was.
  `
  CREATE TABLE IF NOT EXISTS recordings (
    call_id INTEGER PRIMARY KEY REFERENCES calls (id) ON DELETE CASCADE,
    url TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'cached', 'failed', 'evicted')),
    file TEXT,
    bytes INTEGER,
    content_type TEXT,
    error TEXT,
    fetched_ms INTEGER,
    tries INTEGER NOT NULL DEFAULT 0,
    -- When a download that failed for a cause that can pass (the vendor out of reach) is tried again; NULL: never.
    retry_at_ms INTEGER
  );
  CREATE INDEX IF NOT EXISTS recordings_cached ON recordings (call_id) WHERE state = 'cached';
  `,
  // 11 (deliveries inspector): the kind filter pages newest first along (outcome, id), `before` seeking in it;
  // the counts of problems (rejected, refused, failed) read a range of (outcome, status, id) alone, as refused
  // and rejected differ by status. An answer's calls are read by answer. The envelopes of removed test calls
  // are remembered, so a leftover copy is not re-processed into a real call. IF NOT EXISTS: as in 10, for the
  // tests that turn a database back into an older schema.
  `
  CREATE INDEX IF NOT EXISTS deliveries_by_outcome ON deliveries (outcome, status, id);
  CREATE INDEX IF NOT EXISTS deliveries_by_kind ON deliveries (outcome, id);
  CREATE INDEX IF NOT EXISTS api_events_by_answer ON api_events (answer_id, result_index);
  CREATE TABLE IF NOT EXISTS removed_test_envelopes (envelope_id TEXT PRIMARY KEY) WITHOUT ROWID;
  `,
  // 12 (a smaller database): stored bytes compressed (./bodyCodec.ts). A body's codec sits beside it (0: as
  // received, every row from before); an API answer keeps its size as received. The rows from before are
  // compressed after start, in batches, by ./compaction.ts, resuming from `compaction` (one row per table: the
  // last id done and the last id to do). calls_by_caller went: calls_outcome_by_caller starts with its columns.
  // max(id) alone, not with HAVING, which reads a whole index (~30,000 pages at a million calls) to find it.
  `
  ALTER TABLE deliveries ADD COLUMN body_codec INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE api_bodies ADD COLUMN codec INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE api_bodies ADD COLUMN size INTEGER;
  DROP INDEX IF EXISTS calls_by_caller;
  CREATE TABLE compaction (tbl TEXT PRIMARY KEY, done_id INTEGER NOT NULL, last_id INTEGER NOT NULL) WITHOUT ROWID;
  INSERT INTO compaction SELECT 'deliveries', 0, (SELECT max(id) FROM deliveries) WHERE EXISTS (SELECT 1 FROM deliveries);
  INSERT INTO compaction SELECT 'events', 0, (SELECT max(id) FROM events) WHERE EXISTS (SELECT 1 FROM events);
  INSERT INTO compaction SELECT 'api_bodies', 0, (SELECT max(id) FROM api_bodies) WHERE EXISTS (SELECT 1 FROM api_bodies);
  INSERT INTO compaction SELECT 'api_events', 0, (SELECT max(id) FROM api_events) WHERE EXISTS (SELECT 1 FROM api_events);
  `,
  // 13 (no slow search): the search index gains a column of each call's filter values as terms
  // (./searchFacets.ts), so a word and a filter are intersected inside the index. Existing calls are indexed
  // again after start, newest first, in slices (./searchRebuild.ts); the flag: the calls below it are left (the
  // key is new: the unreleased forms before left another, whose progress is not resumed but started over).
  // Terms in many calls are remembered, so writing a prefix as its terms does not read their calls. IF EXISTS
  // and IF NOT EXISTS: as in 10, for the tests that turn a database back into an older schema (run again, it
  // indexes every call again).
  `
  DROP TABLE IF EXISTS calls_search;
  CREATE VIRTUAL TABLE calls_search USING fts5 (
    name, number, place, source, transcript, facets,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
  );
  -- Terms in many calls, which listing the index's vocabulary would read every call of (./searchVocabulary.ts).
  CREATE TABLE IF NOT EXISTS search_heavy_terms (term TEXT PRIMARY KEY) WITHOUT ROWID;
  INSERT OR REPLACE INTO settings (key, value) SELECT 'searchRebuildBelow', (SELECT max(id) FROM calls) + 1 WHERE EXISTS (SELECT 1 FROM calls);
  `,
  // 14 (no slow search): a transcript's words become terms of their own, and a transcribed call's filter terms
  // are indexed again as spoken (./searchQuery.ts, ./searchFacets.ts), so a word with a filter whose calls have
  // no transcript ("call" with Missed) no longer walks the transcripts' long lists. The calls are indexed again
  // after start as after 13 (./searchRebuild.ts), each row replaced: until a call is, its row as it was still
  // matches its words (as written) and filters, so nothing is missed meanwhile and no index is dropped at start.
  `
  DELETE FROM search_heavy_terms;
  INSERT OR REPLACE INTO settings (key, value) SELECT 'searchRebuildBelow', (SELECT max(id) FROM calls) + 1 WHERE EXISTS (SELECT 1 FROM calls);
  `,
  // 15 (the open count at once): the call-back entries in each state, kept by triggers in the transaction of
  // every write to follow_ups, as 5 keeps the calls': counting the open ones walked ~246,000 index entries at a
  // million calls, on every push and list. Each state has its row from here on, so the triggers only update.
  // IF NOT EXISTS and refilled: as in 10, for the tests that turn a database back into an older schema.
  `
  CREATE TABLE IF NOT EXISTS follow_up_counts (state TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
  DELETE FROM follow_up_counts;
  INSERT INTO follow_up_counts (state, n) SELECT column1, (SELECT count(*) FROM follow_ups WHERE state = column1) FROM (VALUES ('open'), ('done'));
  CREATE TRIGGER IF NOT EXISTS follow_up_counts_insert AFTER INSERT ON follow_ups
    BEGIN UPDATE follow_up_counts SET n = n + 1 WHERE state = NEW.state; END;
  CREATE TRIGGER IF NOT EXISTS follow_up_counts_delete AFTER DELETE ON follow_ups
    BEGIN UPDATE follow_up_counts SET n = n - 1 WHERE state = OLD.state; END;
  CREATE TRIGGER IF NOT EXISTS follow_up_counts_update AFTER UPDATE OF state ON follow_ups WHEN OLD.state IS NOT NEW.state
    BEGIN UPDATE follow_up_counts SET n = n + iif(state = NEW.state, 1, -1) WHERE state IN (OLD.state, NEW.state); END;
  `,
];
