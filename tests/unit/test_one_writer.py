"""Monitor state has one writer: no module outside services/monitors/ writes a monitor row
(`Monitor.create`, `Monitor.filter(…).update(…)`, `UPDATE monitors …`) or a state column of a
project, through the ORM (`.update(health=…)`, `.save()` of such a field) or in a raw statement
(`UPDATE projects SET health …`). The scanner is shown to find the writer's own writes, so it
cannot pass by finding nothing."""

import ast
import re
from pathlib import Path

from services.monitors.writer import CHECK_STATE_COLUMNS, STATE_COLUMNS

ROOT = Path(__file__).resolve().parents[2]
WRITER = ROOT / "services" / "monitors"
SCANNED = ("api", "bot", "cli", "services")
ORM_WRITES = {"update", "create", "bulk_create", "update_or_create", "get_or_create", "save"}
RAW_UPDATE = re.compile(r"UPDATE\s+projects\s+SET\s+(.*?)(?:\bWHERE\b|$)", re.S | re.I)
RAW_MONITORS = re.compile(r"(?:UPDATE|INSERT\s+INTO|DELETE\s+FROM)\s+\"?monitors\b", re.I)


def state_writes(path: Path) -> list[str]:
    """Where the module at `path` writes a state column: 'line: what'."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr in ORM_WRITES:
                found += [f"{node.lineno}: .{node.func.attr}({name}=…)" for name in _named(node)]
                if _rooted_at_monitor(node.func.value):
                    found.append(f"{node.lineno}: Monitor….{node.func.attr}()")
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            for assigned in RAW_UPDATE.findall(node.value):
                columns = set(re.findall(r"(\w+)\s*=", assigned)) & STATE_COLUMNS
                found += [f"{node.lineno}: UPDATE projects SET {c}" for c in sorted(columns)]
            if RAW_MONITORS.search(node.value):
                found.append(f"{node.lineno}: a statement that writes monitors")
    return found


def _rooted_at_monitor(node: ast.expr) -> bool:
    """`Monitor`, `Monitor.filter(…)`, `Monitor.filter(…).exclude(…)` …"""
    while isinstance(node, ast.Call | ast.Attribute):
        node = node.func if isinstance(node, ast.Call) else node.value
    return isinstance(node, ast.Name) and node.id == "Monitor"


def _named(call: ast.Call) -> list[str]:
    """The state columns a call names: keywords, `update_fields=[…]`, `**{"column": …}`."""
    names = {keyword.arg for keyword in call.keywords if keyword.arg}
    for keyword in call.keywords:
        if keyword.arg == "update_fields" and isinstance(keyword.value, ast.List | ast.Tuple):
            names |= {e.value for e in keyword.value.elts if isinstance(e, ast.Constant)}
        if keyword.arg is None and isinstance(keyword.value, ast.Dict):
            names |= {k.value for k in keyword.value.keys if isinstance(k, ast.Constant)}
    return sorted(names & (STATE_COLUMNS | CHECK_STATE_COLUMNS))


def modules_outside_the_writer() -> list[Path]:
    paths = [p for folder in SCANNED for p in (ROOT / folder).rglob("*.py")]
    return [p for p in paths if WRITER not in p.parents]


def test_no_module_outside_the_writer_writes_monitor_state() -> None:
    writes = {
        str(path.relative_to(ROOT)): state_writes(path) for path in modules_outside_the_writer()
    }
    assert {path: lines for path, lines in writes.items() if lines} == {}


def test_the_scanner_finds_the_writers_own_writes() -> None:
    writer = state_writes(WRITER / "writer.py")
    assert any(".update(health=…)" in line for line in writer)
    assert any("Monitor….update()" in line for line in writer)
    assert any("Monitor….get_or_create()" in line for line in writer)
    assert any(".update(flapping_since=…)" in line for line in writer)  # a check's state
    steady = state_writes(WRITER / "steady.py")
    assert any("a statement that writes monitors" in line for line in steady)
    assert any("UPDATE projects SET last_heartbeat_at" in line for line in steady)


def test_the_scanner_finds_dynamic_and_saved_fields(tmp_path: Path) -> None:
    module = tmp_path / "sneaky.py"
    module.write_text(
        "async def f(project):\n"
        "    await Project.filter(id=1).update(**{'health': None})\n"
        "    await project.save(update_fields=['paused'])\n"
        "    await db.execute('UPDATE projects SET health = 1 WHERE id = 2')\n"
        "    await Monitor.filter(id=1).exclude(kind='run').update(since=None)\n"
        "    await db.execute('INSERT INTO monitors (state) VALUES (1)')\n"
    )
    assert sorted(state_writes(module)) == [
        "2: .update(health=…)",
        "3: .save(paused=…)",
        "4: UPDATE projects SET health",
        "5: Monitor….update()",
        "6: a statement that writes monitors",
    ]
