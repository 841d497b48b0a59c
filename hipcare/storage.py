"""Static files storage: whitenoise's compressed, hashed files, with each URL looked up once.

`{% static %}` asks the storage for a file's URL on every render; with hashed names that is a
manifest lookup, a path quote and a URL join each time (a fifth of a small page's render). The
answer for a name never changes while the process runs (a deploy with new files restarts it),
so it is remembered per name.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls: dict[str, str] = {}

    def url(self, name, force=False):
        if force:
            return super().url(name, force=True)
        found = self._urls.get(name)
        if found is None:
            found = self._urls[name] = super().url(name)
        return found
