"""``upscale-bot worker``: an engine on another machine, its wire protocol through Redis, the
Redis link, its outbox and its command line. No torch."""
