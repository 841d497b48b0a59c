from django.core.paginator import InvalidPage, Paginator
from django.db.models import Count, Window


class CountingPaginator(Paginator):
    """A Paginator that counts the whole list in the query that fetches the page
    (COUNT(*) OVER ()), instead of a COUNT query of its own.

    The queryset must not repeat rows (no joins that need DISTINCT). When the asked-for page is
    past the end, it falls back to Django's way (a count, then the last page).
    """

    TOTAL = "paginator_total"
    #: The largest row offset asked of the database; a page beyond it is past the end.
    MAX_OFFSET = 2**62

    def get_page(self, number):
        try:
            number = max(int(number), 1)
        except (TypeError, ValueError):
            number = 1
        bottom = (number - 1) * self.per_page
        if bottom + self.per_page > self.MAX_OFFSET:
            # Far past any real list, and past what a database's 64-bit OFFSET holds (SQLite
            # fails with "datatype mismatch"): Django's way, which gives the last page.
            return super().get_page(number)
        rows = list(
            self.object_list.annotate(**{self.TOTAL: Window(Count("pk"))})[
                bottom : bottom + self.per_page
            ]
        )
        if not rows and number > 1:
            return super().get_page(number)
        self.__dict__["count"] = getattr(rows[0], self.TOTAL) if rows else 0
        try:
            return self._get_page(rows, number, self)
        except InvalidPage:  # pragma: no cover - guarded above
            return super().get_page(number)

    def page_of(self, rows: list, number: int, count: int):
        """The page `number` holding `rows`, out of `count` in all: a page read earlier (kept in
        a cache), with no query."""
        self.__dict__["count"] = count
        return self._get_page(rows, number, self)
