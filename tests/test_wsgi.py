"""The WSGI entry point gunicorn loads (hipcare/wsgi.py)."""

import gc
import runpy


def test_the_loaded_application_is_kept_out_of_full_collections(monkeypatch):
    """After loading, everything loaded is frozen (gc.freeze): a full collection in a worker
    then walks a request's objects, not the ~95,000 that live as long as it does."""
    done = []
    monkeypatch.setattr(gc, "collect", lambda *args: done.append("collect") or 0)
    monkeypatch.setattr(gc, "freeze", lambda: done.append("freeze"))
    loaded = runpy.run_module("hipcare.wsgi")
    assert callable(loaded["application"])
    assert done == ["collect", "freeze"]
