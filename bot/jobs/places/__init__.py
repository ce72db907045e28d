"""Where jobs run: the :class:`~bot.jobs.places.protocol.Place` seam between the service and
the engines, the local place (:mod:`bot.jobs.places.local`), the place of remote workers
(:mod:`bot.jobs.places.remote`) and the job time limit both share
(:mod:`bot.jobs.places.time_limit`). Nothing is re-exported here: each module is imported by
its own name, so loading one place never loads the other (Redis stays out of a local-only bot).
"""
