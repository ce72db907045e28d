-- A job's delivery facts and its result become typed columns instead of keys in `options`.
-- `options` keeps only the engine's controls (creative preset, prompt, seed asked for).

ALTER TABLE jobs ADD COLUMN source_content_type TEXT;
ALTER TABLE jobs ADD COLUMN spoiler INTEGER NOT NULL DEFAULT 0 CHECK (spoiler IN (0, 1));
ALTER TABLE jobs ADD COLUMN upload_limit INTEGER NOT NULL DEFAULT 10485760 CHECK (upload_limit > 0);
ALTER TABLE jobs ADD COLUMN upload_sha256 TEXT;
ALTER TABLE jobs ADD COLUMN upload_format TEXT;
ALTER TABLE jobs ADD COLUMN upload_filename TEXT;
ALTER TABLE jobs ADD COLUMN input_width INTEGER;
ALTER TABLE jobs ADD COLUMN input_height INTEGER;
ALTER TABLE jobs ADD COLUMN device TEXT;
ALTER TABLE jobs ADD COLUMN precision TEXT;
ALTER TABLE jobs ADD COLUMN seed INTEGER;

UPDATE jobs SET
    spoiler = CASE WHEN json_extract(options, '$.spoiler') THEN 1 ELSE 0 END,
    upload_limit = COALESCE(json_extract(options, '$.upload_limit'), 10485760),
    upload_sha256 = json_extract(options, '$.upload_sha256'),
    upload_format = json_extract(options, '$.upload_format'),
    upload_filename = json_extract(options, '$.upload_filename'),
    input_width = json_extract(options, '$.input_width'),
    input_height = json_extract(options, '$.input_height'),
    device = json_extract(options, '$.device'),
    precision = json_extract(options, '$.precision'),
    seed = CASE WHEN result_sha256 IS NOT NULL THEN json_extract(options, '$.seed') END;

UPDATE jobs SET options = json_remove(options, '$.spoiler', '$.upload_limit', '$.upload_sha256',
    '$.upload_format', '$.upload_filename', '$.input_width', '$.input_height', '$.device',
    '$.precision');

-- Creative jobs used to carry the mode as their model name.
UPDATE jobs SET model = 'sd-x4-upscaler' WHERE model = 'creative';
