"""`error-monitor <command>` (pyproject.toml's [project.scripts]) is `python main.py <command>`:
one function behind both, its usage line named as the operator typed it."""

import importlib
import sys
import tomllib
from pathlib import Path

import pytest

import main as main_py

ROOT = Path(__file__).resolve().parents[2]


def console_command() -> object:
    target = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    module, _, name = target["error-monitor"].partition(":")
    return getattr(importlib.import_module(module), name)


def test_the_console_command_and_main_py_call_one_function() -> None:
    assert console_command() is main_py.main


@pytest.mark.parametrize(
    ("typed", "usage"),
    [
        ("/srv/app/.venv/bin/error-monitor", "usage: error-monitor "),
        ("main.py", "usage: python main.py "),
    ],
)
def test_help_names_the_command_as_typed_and_lists_every_command(
    typed: str, usage: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "argv", [typed, "--help"])
    with pytest.raises(SystemExit) as finished:
        main_py.main()
    shown = capsys.readouterr().out
    assert finished.value.code == 0
    assert shown.startswith(usage)
    for command in ("run", "migrate", "add-project", "list-projects", "subscribe", "backup"):
        assert f"    {command} " in shown or f"    {command}\n" in shown, command
