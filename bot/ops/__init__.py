"""Running the bot: metrics, the ops server and health, the heartbeat, logging."""
