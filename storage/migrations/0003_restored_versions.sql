-- A version shown again ("Use this version") is recorded as a new version that names the one
-- it restored; it reuses that version's blob.
ALTER TABLE image_versions ADD COLUMN restored_from INTEGER;
