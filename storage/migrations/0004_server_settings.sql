-- Per-server settings, the allowance, and why a job failed.

-- One row per server that changed something; NULL means "the bot's default" (from .env).
CREATE TABLE server_settings (
    guild_id              INTEGER PRIMARY KEY,
    upscale_price         INTEGER CHECK (upscale_price >= 0),
    creative_price        INTEGER CHECK (creative_price >= 0),
    starting_balance      INTEGER CHECK (starting_balance >= 0),
    allowance_amount      INTEGER CHECK (allowance_amount >= 0),
    allowance_every_hours INTEGER CHECK (allowance_every_hours >= 1),
    allowance_cap         INTEGER CHECK (allowance_cap >= 0),
    auto_button_channels  TEXT    CHECK (auto_button_channels IS NULL OR json_valid(auto_button_channels)),
    admin_role_id         INTEGER,
    audit_channel_id      INTEGER,
    top_up_url            TEXT,
    updated_at            TEXT    NOT NULL,
    updated_by            INTEGER
);

-- The start (unix seconds) of the last allowance period a wallet was credited for, or first
-- seen in; NULL until the allowance first looks at it.
ALTER TABLE wallets ADD COLUMN allowance_period INTEGER;

-- Ledger rows gain the 'allowance' kind. SQLite changes a CHECK only by rebuilding the table;
-- nothing references ledger rows, so the copy keeps every id and key as it was.
CREATE TABLE ledger_new (
    id              INTEGER PRIMARY KEY,
    guild_id        INTEGER NOT NULL,
    member_id       INTEGER NOT NULL,
    kind            TEXT    NOT NULL CHECK (kind IN ('starting', 'grant', 'revoke', 'hold', 'capture', 'release', 'allowance')),
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
INSERT INTO ledger_new (id, guild_id, member_id, kind, delta, held_delta, balance_after,
    held_after, hold_id, actor_id, reason, idempotency_key, created_at)
    SELECT id, guild_id, member_id, kind, delta, held_delta, balance_after, held_after, hold_id,
    actor_id, reason, idempotency_key, created_at FROM ledger;
DROP TABLE ledger;
ALTER TABLE ledger_new RENAME TO ledger;
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

-- The id of the logged traceback of a job that failed through a fault of ours.
ALTER TABLE jobs ADD COLUMN error_id TEXT;
-- /upscale-admin failures reads a server's failed and cancelled jobs, newest first.
CREATE INDEX jobs_by_guild_state ON jobs (guild_id, state, id);
