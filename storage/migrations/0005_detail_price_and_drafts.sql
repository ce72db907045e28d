-- The detail mode's per-server price, and the confirmations members are looking at.

ALTER TABLE server_settings ADD COLUMN detail_price INTEGER CHECK (detail_price >= 0);

-- One row per confirmation as shown: what Confirm would run and charge. Rows are never
-- changed (a change shows a new confirmation with a new token), so a click always finds
-- exactly what its message showed, after a restart too. Old rows are swept on insert.
CREATE TABLE upscale_drafts (
    token           TEXT    PRIMARY KEY,
    guild_id        INTEGER NOT NULL,
    member_id       INTEGER NOT NULL,
    message_id      INTEGER NOT NULL,
    attachment_slot INTEGER NOT NULL,
    mode            TEXT    NOT NULL,
    model           TEXT    NOT NULL,
    scale           INTEGER NOT NULL,
    price           INTEGER NOT NULL CHECK (price >= 0),
    input_width     INTEGER,
    input_height    INTEGER,
    controls        TEXT    NOT NULL CHECK (json_valid(controls)),
    prompt_source   TEXT,
    again_of        INTEGER REFERENCES jobs (id),
    created_at      TEXT    NOT NULL
);
CREATE INDEX upscale_drafts_by_age ON upscale_drafts (created_at);
