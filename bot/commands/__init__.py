"""Slash commands, context menus and listeners, one module per area; each is a cog."""
