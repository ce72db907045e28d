-- The language a server's admins pinned for public and audit lines (a Discord locale code
-- such as 'de' or 'pt-BR'); NULL: the server's own Discord language.
ALTER TABLE server_settings ADD COLUMN language TEXT CHECK (language IS NULL OR length(language) BETWEEN 2 AND 5);
