"""The playground: the real bot against a stand-in Discord on this machine, and a page to use
that Discord in a browser (``upscale-bot playground``).

- ``standin``: the stand-in Discord (REST and gateway as discord.py talks to them, with
  Discord's limits and deadlines), which the tests and benchmarks use too;
- ``cast``: the server, its channels and the people a person can be;
- ``page_api`` and ``person_limits``: what a person does on the page, refused as Discord
  refuses it or turned into what Discord would send the bot;
- ``live``: changes pushed to the open pages; ``views``: what the page draws;
- ``playground``: start and stop it all; ``page/``: the page (plain HTML, CSS and JS).

Nothing outside this package imports it but the command line.
"""

DEFAULT_PORT = 8390
