"""Small database helpers that Django does not ship for both of our databases."""

from django.db.models import Aggregate, CharField


class JoinedText(Aggregate):
    """Join a text column's values with a separator: GROUP_CONCAT on SQLite, STRING_AGG on
    PostgreSQL. The order of the values is not defined."""

    function = "GROUP_CONCAT"
    template = "%(function)s(%(expressions)s, '%(separator)s')"
    output_field = CharField()

    def __init__(self, expression, separator: str = "|", **extra):
        if "'" in separator:
            raise ValueError("the separator may not contain a quote")
        super().__init__(expression, separator=separator, **extra)

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, function="STRING_AGG", **extra)
