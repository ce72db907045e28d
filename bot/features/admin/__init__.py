"""What a server's admins use, under ``/upscale-admin`` and ``/credits-admin``: the queue with
its cancel buttons (:mod:`.queue`), recent failures (:mod:`.failures`), the server's settings
panel (:mod:`.settings`)."""
