"""The Discord-free job core: a job is born, scheduled, run, stored and handed to a presenter
here. Nothing in this package imports discord or any bot module outside bot.jobs."""
