"""The Discord application: client, cogs, views, errors, and the upscale service."""
