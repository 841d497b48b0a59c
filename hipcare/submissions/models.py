from django.db import models


class Submission(models.Model):
    """A form submission that has been acted on, by its one-time key (hipcare/submissions).

    `key` is unique, so a second request with the same key (a double click, a reload of the
    POST, a retry) cannot claim it again; `result_url` is where the first one sent the user,
    where a replay is sent too; `digest` tells a repeat of the same content (a double click)
    from a new edit sent with the same key after Back. Rows older than a day are deleted as new
    ones come in.
    """

    key = models.CharField(max_length=64, unique=True)
    result_url = models.CharField(max_length=2000, blank=True)
    # Keyed hashes (HMAC-SHA256, decorators._keyed_digest), never the values: what the form
    # sent, and the version of what it changed after it was acted on (when the view has one).
    digest = models.CharField(max_length=64, blank=True)
    state = models.CharField(max_length=64, blank=True)
    created = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return self.key
