"""Workers on other machines reached through Redis: the place itself (:mod:`.place`), who is
connected (:mod:`.roster`), each job's attempt (:mod:`.attempts`), the event stream and inboxes
(:mod:`.streams`), input and result transfers (:mod:`.transfers`, :mod:`.collect`) and the
checks a result passes before it is believed (:mod:`.result_check`)."""
