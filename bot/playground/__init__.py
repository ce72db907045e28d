"""The playground: the bot in a browser, against a stand-in Discord."""
