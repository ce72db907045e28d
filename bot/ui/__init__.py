"""Discord plumbing every feature shares: component items and their base classes, the
context a handler gets, permissions, the one error path, wording, paging, attachments and
audit lines. Nothing here imports a feature."""
