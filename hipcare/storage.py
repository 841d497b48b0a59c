"""The static files' storage with production settings."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's compressed, hashed storage, each file's URL worked out once per process.

    The manifest (the hashed names) is read when the storage is made, and a running process
    never reads it again (collectstatic writes a new one for the next start), so a name's URL
    cannot change under it. Working one out (the manifest lookup, splitting, quoting and
    joining to STATIC_URL) cost {% static %} about 15 us, a dozen times on every page: a
    sixth of the builder's render with its cached parts warm. A name the manifest lacks still
    raises every time (manifest_strict), as before."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.url_of: dict[str, str] = {}

    def url(self, name, force=False):
        if force:
            return super().url(name, force)
        try:
            return self.url_of[name]
        except KeyError:
            url = self.url_of[name] = super().url(name)
            return url
