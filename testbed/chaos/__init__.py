"""The chaos soak's parts (``python -m bench.chaos``): the world of two servers, the crowd that
uses the bot, the faults, the bot as its own process, and the checks at the end.

``disk_full/`` is not a package: its ``sitecustomize`` is loaded only by the bot processes
the soak starts.
"""
