"""Raw statements for the hot paths, where the ORM's query building costs more than the query
(docs/BENCHMARKS.md). Templates name their slots (`{token}`); `bind` turns them into the
dialect's placeholders: `?` for SQLite, `$n` for PostgreSQL."""

from tortoise import connections
from tortoise.models import Model


def postgres() -> bool:
    return connections.get("default").capabilities.dialect == "postgres"


async def query(template: str, **values: object) -> list[dict[str, object]]:
    sql, params = bind(template, values)
    return await connections.get("default").execute_query_dict(sql, params)


async def execute(template: str, **values: object) -> int:
    """Run an UPDATE or DELETE; the number of rows it changed."""
    sql, params = bind(template, values)
    changed, _ = await connections.get("default").execute_query(sql, params)
    return changed


def stored(model: type[Model], **values: object) -> dict[str, object]:
    """Values as the ORM would store them in `model`'s columns (JSON as text, datetimes in the
    dialect's form); names that are not model fields (`project_id`) pass as they are."""
    fields = model._meta.fields_map
    return {
        name: fields[name].to_db_value(value, model) if name in fields else value
        for name, value in values.items()
    }


def bind(template: str, values: dict[str, object]) -> tuple[str, list[object]]:
    """Each named slot appears once in `template`."""
    if postgres():
        marks = {name: f"${n}" for n, name in enumerate(values, start=1)}
        return template.format(**marks), list(values.values())
    # `?` binds by position: order the values as their slots appear in the text.
    order = sorted(values, key=lambda name: template.index("{" + name + "}"))
    return template.format(**dict.fromkeys(values, "?")), [values[name] for name in order]
