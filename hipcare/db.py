"""Small database helpers that Django does not ship for both of our databases."""

from django.db import connection
from django.db.models import Aggregate, CharField, Model

BIGINT = range(-(2**63), 2**63)


def fetch_one(sql: str, params: tuple = ()) -> tuple | None:
    """One row from raw SQL. For the few hot lookups (a cached page's version) where building
    an ORM query costs more than running it. Callers check integers against BIGINT first: the
    ORM turns an out-of-range id into "no rows", a raw query raises."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


class RowLoader:
    """Load one model instance from a hand-written query, with the same value conversions the
    ORM applies (booleans and aware datetimes on SQLite, field `from_db_value`s).

    For the per-request lookups every signed-in page makes (the session, the user), where the
    ORM spends longer building the query than the database spends answering it. The query must
    select the model's concrete columns first, in field order; any further columns are
    returned alongside the instance, as they came.
    """

    def __init__(self, model: type[Model]):
        self.model = model
        self.fields = model._meta.concrete_fields
        self.attnames = [field.attname for field in self.fields]
        self._converters: dict[str, list] = {}

    def columns(self, alias: str) -> str:
        quote = connection.ops.quote_name
        return ", ".join(f"{alias}.{quote(field.column)}" for field in self.fields)

    def _converters_for(self) -> list:
        found = self._converters.get(connection.vendor)
        if found is None:
            found = []
            for index, field in enumerate(self.fields):
                col = field.get_col(self.model._meta.db_table)
                converters = connection.ops.get_db_converters(col) + col.get_db_converters(
                    connection
                )
                if converters:
                    found.append((index, col, converters))
            self._converters[connection.vendor] = found
        return found

    def load(self, sql: str, params: tuple) -> tuple[Model, tuple] | None:
        row = fetch_one(sql, params)
        if row is None:
            return None
        return self.build(row[: len(self.fields)]), tuple(row[len(self.fields) :])

    def build(self, row: tuple) -> Model:
        """The instance from its columns as the database returned them (see columns())."""
        values = list(row)
        for index, col, converters in self._converters_for():
            for converter in converters:
                values[index] = converter(values[index], col, connection)
        return self.model.from_db(connection.alias, self.attnames, values)


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
