"""Tests see the static files as they are now: pages under test never read a folder that
collectstatic filled earlier, and the production-settings servers the tests start (gunicorn
in test_faults, the probe in test_headers) collect again whenever static/ changed, whatever
the files' timestamps say (bench/soak.py: collect_static)."""

import os
import time

from django.conf import settings
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage

from bench import soak


def test_pages_under_test_read_static_files_where_they_lie():
    assert settings.STATIC_ROOT != settings.BASE_DIR / "staticfiles"
    assert os.listdir(settings.STATIC_ROOT) == []
    # No manifest: a page names a file as it is in static/, never a hashed copy of an old one.
    assert not isinstance(staticfiles_storage, ManifestFilesMixin)
    assert staticfiles_storage.url("js/triage.js") == "/static/js/triage.js"


def _collected(tmp_path, digest: str):
    (tmp_path / "staticfiles.json").write_text("{}")
    (tmp_path / soak.STATIC_DIGEST_FILE).write_text(digest)
    # Collected "after" every source file: a timestamp check would call this up to date.
    later = time.time() + 3600
    os.utime(tmp_path / "staticfiles.json", (later, later))
    return {"STATIC_ROOT": str(tmp_path)}


def test_a_folder_collected_from_the_current_files_is_used_as_it_is(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(soak, "run", lambda env, *args: calls.append(args))
    soak.collect_static(_collected(tmp_path, soak.static_sources_digest()))
    assert calls == []


def test_a_folder_collected_from_other_files_is_collected_again_whatever_its_dates(
    tmp_path, monkeypatch
):
    calls = []
    monkeypatch.setattr(soak, "run", lambda env, *args: calls.append(args))
    soak.collect_static(_collected(tmp_path, "digest of an older static/"))
    assert calls == [("manage.py", "collectstatic", "--noinput", "--clear", "-v0")]
    assert (tmp_path / soak.STATIC_DIGEST_FILE).read_text() == soak.static_sources_digest()


def test_the_digest_follows_the_files_contents_not_their_dates(tmp_path, monkeypatch):
    source = tmp_path / "static"
    (source / "js").mkdir(parents=True)
    script = source / "js" / "app.js"
    script.write_text("one")
    monkeypatch.setattr(soak, "ROOT", tmp_path)
    before = soak.static_sources_digest()
    stat = script.stat()
    script.write_text("two")
    os.utime(script, (stat.st_atime, stat.st_mtime))  # an edit that kept the old date
    assert soak.static_sources_digest() != before
    script.unlink()
    assert soak.static_sources_digest() != before
