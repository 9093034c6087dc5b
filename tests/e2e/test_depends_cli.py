"""`main.py depends` as an operator uses it: set, shown in list-projects, cleared, refused."""

from pathlib import Path

import orjson

from tests.e2e.test_cli import cli_app


async def test_a_project_depends_on_another_from_the_shell(tmp_path: Path) -> None:
    app = cli_app(tmp_path, DEFAULT_LOCALE="en")
    for name in ("Router", "Shop", "Blog"):
        code, out, _ = await app.cli("add-project", "--name", name, "--json")
        assert code == 0 and orjson.loads(out)["depends_on"] is None

    code, out, _ = await app.cli("depends", "--project", "Shop", "--on", "Router")
    assert code == 0
    assert out.startswith('Project "Shop" now depends on "Router"')
    await app.cli("depends", "--project", "Blog", "--on", "Shop")
    code, out, _ = await app.cli("list-projects", "--json")
    listed = {p["name"]: p["depends_on"] for p in orjson.loads(out)}
    assert listed == {"Router": None, "Shop": "Router", "Blog": "Shop"}

    code, _, err = await app.cli("depends", "--project", "Router", "--on", "Blog")
    assert code == 2
    assert err == (
        "error: That project already depends on this one: a dependency cannot go round in a "
        "circle.\n"
    )
    code, _, err = await app.cli("depends", "--project", "Router", "--on", "Router")
    assert (code, err) == (2, "error: A project cannot depend on itself.\n")
    code, _, err = await app.cli("depends", "--project", "Router", "--on", "Nowhere")
    assert (code, err) == (2, "error: No project has this id or name.\n")
    code, _, err = await app.cli("depends", "--project", "Router")
    assert code == 2 and "one of the arguments --on --none is required" in err

    code, out, _ = await app.cli("depends", "--project", "Shop", "--none")
    assert (code, out) == (0, 'Project "Shop" depends on no other project.\n')
    code, out, _ = await app.cli("list-projects", "--json")
    assert {p["name"]: p["depends_on"] for p in orjson.loads(out)}["Shop"] is None


async def test_the_shell_speaks_russian_about_dependencies(tmp_path: Path) -> None:
    app = cli_app(tmp_path)  # DEFAULT_LOCALE=ru
    await app.cli("add-project", "--name", "Роутер")
    await app.cli("add-project", "--name", "Сайт")
    code, out, _ = await app.cli("depends", "--project", "Сайт", "--on", "Роутер")
    assert code == 0 and out.startswith("Проект «Сайт» теперь зависит от «Роутер»")
    code, _, err = await app.cli("depends", "--project", "Сайт", "--on", "Сайт")
    assert (code, err) == (2, "ошибка: Проект не может зависеть от самого себя.\n")
