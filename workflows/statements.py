"""Hand-written statements for the hot reads, on both backends, returning tortoise's own models.

Building a query in tortoise/pypika costs more than PostgreSQL takes to answer it (the profile of
getCase: over half the server's time). A hot read may therefore send one explicit statement through
tortoise's connection; these helpers keep such statements honest: the placeholders of the
backend, the columns of the model as its migrations made them, and rows turned into models by
tortoise's own `_init_from_db` (so every field converts exactly as an ORM read would: encrypted
fields are opened, JSON parsed, datetimes made aware).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.fields import DatetimeField
from tortoise.models import Model

M = TypeVar("M", bound=Model)


def connection(model: type[Model]) -> BaseDBAsyncClient:
    return model._meta.db


def placeholders(db: BaseDBAsyncClient, count: int) -> list[str]:
    """$1, $2, ... on PostgreSQL; ?, ?, ... on SQLite (in the order they appear)."""
    if db.capabilities.dialect == "postgres":
        return [f"${n}" for n in range(1, count + 1)]
    return ["?"] * count


def table(model: type[Model]) -> str:
    return model._meta.db_table


def db_columns(model: type[Model]) -> tuple[str, ...]:
    """The model's columns as stored (foreign keys as their `<name>_id` column). Read each time:
    tortoise adds the one-to-one keys' columns only when it initialises."""
    return tuple(model._meta.fields_db_projection.values())


def select_list(model: type[Model], alias: str, prefix: str = "") -> str:
    """`alias.col AS prefixcol, ...` for every column of the model."""
    return ", ".join(f'{alias}.{c} AS "{prefix}{c}"' for c in db_columns(model))


def from_row(model: type[M], row: dict[str, Any], prefix: str = "") -> M:
    """The model of a row read with `select_list(model, alias, prefix)`, as the ORM builds it."""
    return model._init_from_db(**{c: row[prefix + c] for c in db_columns(model)})


def joined_from_row(model: type[M], row: dict[str, Any], prefix: str) -> M | None:
    """A LEFT JOINed model, or None when the join found no row (its primary key is NULL)."""
    if row[prefix + model._meta.db_pk_column] is None:
        return None
    return from_row(model, row, prefix)


def attach(instance: Model, relation: str, related: Model | None) -> None:
    """Set a foreign key's object as select_related does: `instance.<relation>` needs no query."""
    object.__setattr__(instance, f"_{relation}", related)


def param(model: type[Model], field: str, value: Any) -> Any:
    """A value as the backend stores that field (SQLite keeps dates and datetimes as UTC text)."""
    return model._meta.fields_map[field].to_db_value(value, model)


def values_rows(model: type[Model], rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows of plain columns converted as `.values(...)` converts them: every field the backend's
    driver does not already give in Python's type goes through the field's to_python_value."""
    native = {name for _, name, _ in model._meta.db_native_fields}
    fields = model._meta.fields_map
    convert = [(c, fields[c].to_python_value) for c in rows[0] if c not in native] if rows else []
    if not convert:
        return rows
    return [{**row, **{c: to_python(row[c]) for c, to_python in convert}} for row in rows]


def typed_rows(model: type[Model], rows: Sequence[Any], columns: Sequence[str]) -> Sequence[Any]:
    """Rows (asyncpg Records, SQLite Rows, read with `execute_query`) whose `columns` of `model`
    hold the fields' Python values: the driver's rows themselves when the driver already gives
    those, else dicts with what it does not give converted by the field. For a list answer built
    straight from its rows: no model objects, no conversion that would only remake a value.
    Columns of other tables in the rows must be ones the driver gives as they are (text, ints)."""
    convert = _converters(model, columns)
    if not convert or not rows:
        return rows
    return [{**row, **{c: to_python(row[c]) for c, to_python in convert}} for row in rows]


def _converters(model: type[Model], columns: Sequence[str]) -> list[tuple[str, Callable[..., Any]]]:
    native = {name for _, name, _ in model._meta.db_native_fields}
    # asyncpg decodes timestamptz as an aware UTC datetime: the field would only swap its tzinfo
    # for another UTC (the same instant, the same JSON). SQLite gives text: that is parsed.
    decoded = DatetimeField if model._meta.db.capabilities.dialect == "postgres" else ()
    fields = model._meta.fields_map
    return [
        (c, fields[c].to_python_value)
        for c in columns
        if c not in native and not isinstance(fields[c], decoded)
    ]


def insert_parts(
    instance: Model, first: int, computed: dict[str, str] | None = None
) -> tuple[str, str, list[Any]]:
    """`INSERT INTO table (columns)`, the values' SQL (`$first, ...`, PostgreSQL) and their
    parameters for an unsaved instance, as tortoise's own insert writes it: every column but the
    generated key, each value by its field's to_db_value (which also sets the instance's auto_now
    fields, as a save does). `computed` gives SQL instead of a parameter for some columns (e.g. a
    key the statement's earlier INSERT returns)."""
    meta, computed = instance._meta, computed or {}
    columns: list[str] = []
    values: list[str] = []
    params: list[Any] = []
    for name, column in meta.fields_db_projection.items():
        field = meta.fields_map[name]
        if field.generated:
            continue
        columns.append(f'"{column}"')  # quoted: the ticket has a "column"
        if column in computed:
            values.append(computed[column])
            continue
        params.append(field.to_db_value(getattr(instance, name), instance))
        values.append(f"${first + len(params) - 1}")
    head = f"INSERT INTO {meta.db_table} ({', '.join(columns)})"
    return head, ", ".join(values), params


def mark_saved(instance: Model, pk: int) -> None:
    """The instance as a save leaves it, for one written by a hand-written INSERT."""
    instance.pk = pk
    instance._saved_in_db = True
