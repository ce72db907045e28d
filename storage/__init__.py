"""SQLite state: migrations, credit ledger, durable jobs, image history, blob files."""
