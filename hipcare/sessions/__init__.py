"""Sessions that know whose they are, so a signed-in request reads its session and its user in
one query (the session store is `hipcare.sessions.backend`)."""
