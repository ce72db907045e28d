"""Processes on the engine's own host: the local engine worker (the bot's side, the child's
main and their messages) and the pool of capped processes that probe members' files."""
