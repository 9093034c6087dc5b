"""Raw statements for the hot paths, where the ORM's query building costs more than the query
(docs/BENCHMARKS.md). Templates name their slots (`{token}`); `bind` turns them into the
dialect's placeholders: `?` for SQLite, `$n` for PostgreSQL."""

import re
from collections.abc import Iterable

from tortoise import BaseDBAsyncClient, connections
from tortoise.models import Model

_SLOT = re.compile(r"\{(\w+)\}")


def postgres(connection: BaseDBAsyncClient | None = None) -> bool:
    connection = connection or connections.get("default")
    return connection.capabilities.dialect == "postgres"


async def query(template: str, **values: object) -> list[dict[str, object]]:
    connection = connections.get("default")
    sql, params = bind(template, values, connection)
    return await connection.execute_query_dict(sql, params)


async def execute(template: str, **values: object) -> int:
    """Run an UPDATE or DELETE; the number of rows it changed."""
    connection = connections.get("default")
    sql, params = bind(template, values, connection)
    changed, _ = await connection.execute_query(sql, params)
    return changed


async def execute_many(template: str, rows: list[dict[str, object]]) -> None:
    """Run one statement once per row, in one round trip; inside a transaction only (outside
    one, the ORM's own `execute_many` would commit by itself)."""
    if rows:
        connection = connections.get("default")
        sql, order = _placeholders(template, list(rows[0]), connection)
        values = [[row[name] for name in order] for row in rows]
        await connection.execute_many(sql, values)


async def insert_rows(statement: str, rows: list[dict[str, object]]) -> list[dict[str, object]]:
    """Run `INSERT INTO <table> {values} …` (with ON CONFLICT or RETURNING as needed) for all
    `rows` at once: `{values}` becomes the column list, from the rows' keys (the same in every
    row), and a VALUES tuple per row; what the statement returns. `{values}` is its only slot:
    the placeholders are numbered directly, as naming hundreds of them costs more than the
    statement itself."""
    connection = connections.get("default")
    columns = list(rows[0])
    width = len(columns)
    if postgres(connection):
        tuples = [
            _tuple(f"${row * width + column}" for column in range(1, width + 1))
            for row in range(len(rows))
        ]
    else:
        tuples = [_tuple("?" * width)] * len(rows)
    listing = f"({', '.join(columns)}) VALUES {', '.join(tuples)}"
    values = [row[column] for row in rows for column in columns]
    return await connection.execute_query_dict(statement.replace("{values}", listing), values)


def _tuple(marks: Iterable[str]) -> str:
    return f"({', '.join(marks)})"


async def insert_many(table: str, rows: list[dict[str, object]]) -> list[int]:
    """Insert `rows` with one statement; their ids, in their order. Ids are taken from the
    table's sequence (PostgreSQL) or as the next rowid (SQLite) row by row in the order of
    VALUES, so the returned ids sorted are the rows' ids in order, whatever order RETURNING
    gives them in."""
    inserted = await insert_rows(f"INSERT INTO {table} {{values}} RETURNING id", rows)
    return sorted(int(str(row["id"])) for row in inserted)


def slots(prefix: str, values: list[object]) -> tuple[str, dict[str, object]]:
    """A list of values for `IN (...)`: the slots' text and their values."""
    names = [f"{prefix}_{n}" for n in range(len(values))]
    return ", ".join("{" + name + "}" for name in names), dict(zip(names, values, strict=True))


def stored(model: type[Model], **values: object) -> dict[str, object]:
    """Values as the ORM would store them in `model`'s columns (JSON as text, datetimes in the
    dialect's form); names that are not model fields (`project_id`) pass as they are."""
    fields = model._meta.fields_map
    return {
        name: fields[name].to_db_value(value, model) if name in fields else value
        for name, value in values.items()
    }


def bind(
    template: str, values: dict[str, object], connection: BaseDBAsyncClient
) -> tuple[str, list[object]]:
    """Each named slot appears once in `template`."""
    sql, order = _placeholders(template, list(values), connection)
    return sql, [values[name] for name in order]


def _placeholders(
    template: str, names: list[str], connection: BaseDBAsyncClient
) -> tuple[str, list[str]]:
    """The statement in the dialect's placeholders, and the order its values go in."""
    if postgres(connection):
        marks = {name: f"${n}" for n, name in enumerate(names, start=1)}
        return template.format(**marks), names
    # `?` binds by position: the values go in the order their slots appear in the text.
    return template.format(**dict.fromkeys(names, "?")), _SLOT.findall(template)
