-- Wallets, the credit ledger and holds, durable jobs, image versions.
-- Money-like rules are CHECK constraints too, so even a buggy statement cannot break them.

CREATE TABLE wallets (
    guild_id   INTEGER NOT NULL,
    member_id  INTEGER NOT NULL,
    balance    INTEGER NOT NULL CHECK (balance >= 0),
    held       INTEGER NOT NULL DEFAULT 0 CHECK (held >= 0 AND held <= balance),
    created_at TEXT    NOT NULL,
    PRIMARY KEY (guild_id, member_id)
) WITHOUT ROWID;

CREATE TABLE holds (
    id              INTEGER PRIMARY KEY,
    guild_id        INTEGER NOT NULL,
    member_id       INTEGER NOT NULL,
    amount          INTEGER NOT NULL CHECK (amount >= 0),
    state           TEXT    NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'captured', 'released')),
    created_at      TEXT    NOT NULL,
    settled_at      TEXT,
    FOREIGN KEY (guild_id, member_id) REFERENCES wallets (guild_id, member_id)
);

-- Append-only: one row per change of a wallet. balance == SUM(delta), held == SUM(held_delta).
CREATE TABLE ledger (
    id              INTEGER PRIMARY KEY,
    guild_id        INTEGER NOT NULL,
    member_id       INTEGER NOT NULL,
    kind            TEXT    NOT NULL CHECK (kind IN ('starting', 'grant', 'revoke', 'hold', 'capture', 'release')),
    delta           INTEGER NOT NULL,
    held_delta      INTEGER NOT NULL,
    balance_after   INTEGER NOT NULL,
    held_after      INTEGER NOT NULL,
    hold_id         INTEGER REFERENCES holds (id),
    actor_id        INTEGER,
    reason          TEXT,
    idempotency_key TEXT    NOT NULL UNIQUE,
    created_at      TEXT    NOT NULL,
    FOREIGN KEY (guild_id, member_id) REFERENCES wallets (guild_id, member_id)
);
CREATE INDEX ledger_by_wallet ON ledger (guild_id, member_id, id);
CREATE INDEX ledger_by_guild_kind ON ledger (guild_id, kind, id);

CREATE TRIGGER ledger_rows_are_never_updated BEFORE UPDATE ON ledger
BEGIN
    SELECT RAISE(ABORT, 'ledger rows are append-only');
END;

CREATE TRIGGER ledger_rows_are_never_deleted BEFORE DELETE ON ledger
BEGIN
    SELECT RAISE(ABORT, 'ledger rows are append-only');
END;

CREATE TABLE jobs (
    id              INTEGER PRIMARY KEY,
    request_key     TEXT    NOT NULL UNIQUE,
    guild_id        INTEGER NOT NULL,
    channel_id      INTEGER NOT NULL,
    message_id      INTEGER NOT NULL,
    attachment_slot INTEGER NOT NULL,
    attachment_id   INTEGER NOT NULL,
    source_url      TEXT    NOT NULL,
    source_filename TEXT    NOT NULL,
    source_size     INTEGER NOT NULL,
    source_sha256   TEXT,
    requester_id    INTEGER NOT NULL,
    model           TEXT    NOT NULL,
    scale           INTEGER NOT NULL,
    mode            TEXT    NOT NULL,
    options         TEXT    NOT NULL DEFAULT '{}',
    price           INTEGER NOT NULL CHECK (price >= 0),
    hold_id         INTEGER REFERENCES holds (id),
    state           TEXT    NOT NULL CHECK (state IN ('queued', 'running', 'succeeded', 'delivered', 'failed', 'cancelled')),
    progress        REAL    NOT NULL DEFAULT 0,
    attempts        INTEGER NOT NULL DEFAULT 0,
    error_code      TEXT,
    error_message   TEXT,
    created_at      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL,
    started_at      TEXT,
    finished_at     TEXT,
    result_sha256   TEXT,
    result_width    INTEGER,
    result_height   INTEGER,
    result_bytes    INTEGER
);
-- One job at a time per image: a second Upscale click on it finds this index in its way.
CREATE UNIQUE INDEX jobs_one_active_per_image ON jobs (message_id, attachment_slot)
    WHERE state IN ('queued', 'running', 'succeeded');
CREATE INDEX jobs_by_state ON jobs (state, id);
CREATE INDEX jobs_by_requester ON jobs (guild_id, requester_id, state);

CREATE TABLE image_versions (
    id                    INTEGER PRIMARY KEY,
    guild_id              INTEGER NOT NULL,
    channel_id            INTEGER NOT NULL,
    message_id            INTEGER NOT NULL,
    attachment_slot       INTEGER NOT NULL,
    version               INTEGER NOT NULL CHECK (version >= 0),
    parent_id             INTEGER REFERENCES image_versions (id),
    job_id                INTEGER REFERENCES jobs (id),
    blob_sha256           TEXT    NOT NULL,
    filename              TEXT    NOT NULL,
    width                 INTEGER NOT NULL,
    height                INTEGER NOT NULL,
    bytes                 INTEGER NOT NULL,
    discord_attachment_id INTEGER,
    discord_url           TEXT,
    created_at            TEXT    NOT NULL,
    UNIQUE (message_id, attachment_slot, version)
);
CREATE INDEX image_versions_by_job ON image_versions (job_id);
CREATE INDEX image_versions_by_blob ON image_versions (blob_sha256);
