-- Credit packs bought inside Discord: one purchase per entitlement, where members were shown
-- the packs, and how far the entitlement listing has been read.

-- Ledger rows gain the 'purchase' (+credits of the pack) and 'refund' (-what could be taken
-- back) kinds. As in 0004, the CHECK changes only by rebuilding the table; nothing references
-- ledger rows, so the copy keeps every id and key as it was.
CREATE TABLE ledger_new (
    id              INTEGER PRIMARY KEY,
    guild_id        INTEGER NOT NULL,
    member_id       INTEGER NOT NULL,
    kind            TEXT    NOT NULL CHECK (kind IN ('starting', 'grant', 'revoke', 'hold', 'capture', 'release', 'allowance', 'purchase', 'refund')),
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

-- One row per entitlement of a pack, written before Discord is told to consume it. The
-- ledger rows it causes carry the keys 'purchase:<entitlement_id>' and 'refund:<entitlement_id>'.
--   to_place: recorded, no server known yet; the member picks one (placement 'member').
--   credited: the pack's credits are in the wallet (guild_id, member_id).
--   refunded: Discord took it back. If it had been credited, refund_taken credits left the
--             wallet and refund_owed is what had already been spent; if not, nothing moved
--             and a later credit attempt finds this row.
CREATE TABLE purchases (
    entitlement_id INTEGER PRIMARY KEY,
    sku_id         INTEGER NOT NULL,
    member_id      INTEGER NOT NULL,
    guild_id       INTEGER,
    amount         INTEGER NOT NULL CHECK (amount > 0),
    test           INTEGER NOT NULL CHECK (test IN (0, 1)),
    state          TEXT    NOT NULL CHECK (state IN ('to_place', 'credited', 'refunded')),
    placement      TEXT    CHECK (placement IN ('entitlement', 'offer', 'member')),
    recorded_at    TEXT    NOT NULL,
    credited_at    TEXT,
    consumed_at    TEXT,
    refunded_at    TEXT,
    refund_taken   INTEGER NOT NULL DEFAULT 0 CHECK (refund_taken >= 0),
    refund_owed    INTEGER NOT NULL DEFAULT 0 CHECK (refund_owed >= 0),
    CHECK ((guild_id IS NULL) = (credited_at IS NULL)),
    CHECK ((placement IS NULL) = (credited_at IS NULL)),
    CHECK (state <> 'to_place' OR credited_at IS NULL),
    CHECK (state <> 'credited' OR credited_at IS NOT NULL),
    CHECK ((state = 'refunded') = (refunded_at IS NOT NULL)),
    CHECK (refund_taken + refund_owed
           = CASE WHEN state = 'refunded' AND credited_at IS NOT NULL THEN amount ELSE 0 END),
    FOREIGN KEY (guild_id, member_id) REFERENCES wallets (guild_id, member_id)
);
CREATE INDEX purchases_by_guild ON purchases (guild_id, member_id);
CREATE INDEX purchases_to_place ON purchases (member_id) WHERE state = 'to_place';
CREATE INDEX purchases_to_consume ON purchases (entitlement_id)
    WHERE consumed_at IS NULL AND state <> 'refunded';

CREATE TRIGGER purchases_are_never_deleted BEFORE DELETE ON purchases
BEGIN
    SELECT RAISE(ABORT, 'purchases are never deleted');
END;

CREATE TRIGGER purchases_keep_what_was_bought BEFORE UPDATE ON purchases
WHEN NEW.entitlement_id <> OLD.entitlement_id OR NEW.sku_id <> OLD.sku_id
    OR NEW.member_id <> OLD.member_id OR NEW.amount <> OLD.amount OR NEW.test <> OLD.test
    OR NEW.recorded_at <> OLD.recorded_at
BEGIN
    SELECT RAISE(ABORT, 'a purchase keeps its entitlement, SKU, member and amount');
END;

CREATE TRIGGER purchases_are_credited_once BEFORE UPDATE ON purchases
WHEN OLD.credited_at IS NOT NULL AND (NEW.guild_id IS NOT OLD.guild_id
    OR NEW.credited_at IS NOT OLD.credited_at OR NEW.placement IS NOT OLD.placement)
BEGIN
    SELECT RAISE(ABORT, 'a purchase is credited to one wallet, once');
END;

CREATE TRIGGER purchases_refunds_are_final BEFORE UPDATE ON purchases
WHEN OLD.state = 'refunded' AND (NEW.state <> 'refunded' OR NEW.refunded_at IS NOT OLD.refunded_at
    OR NEW.refund_taken <> OLD.refund_taken OR NEW.refund_owed <> OLD.refund_owed
    OR NEW.credited_at IS NOT OLD.credited_at)
BEGIN
    SELECT RAISE(ABORT, 'a refund is applied once');
END;

-- Where each member was last shown the packs (unix seconds): a purchase whose entitlement
-- names no server is credited in the one server that showed them recently.
CREATE TABLE pack_offers (
    member_id INTEGER NOT NULL,
    guild_id  INTEGER NOT NULL,
    shown_at  REAL    NOT NULL,
    PRIMARY KEY (member_id, guild_id)
) WITHOUT ROWID;

-- The entitlement id after which the next listing starts, and the SKUs that listing was for
-- (a listing for other SKUs starts from the beginning). One row.
CREATE TABLE entitlement_listing (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    after_id   INTEGER NOT NULL CHECK (after_id >= 0),
    sku_ids    TEXT    NOT NULL CHECK (json_valid(sku_ids)),
    updated_at TEXT    NOT NULL
);
