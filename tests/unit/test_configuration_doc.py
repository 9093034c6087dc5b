"""docs/configuration.md is generated from the settings model (scripts/config_doc.py): a setting
added, renamed or redescribed without `make docs` fails here."""

from pathlib import Path

import pytest

from scripts import config_doc


def test_configuration_doc_is_what_the_generator_writes() -> None:
    current = config_doc.TARGET.read_text(encoding="utf-8")
    assert current == config_doc.render(), "docs/configuration.md is stale: run `make docs`"


def test_every_setting_has_a_description() -> None:
    assert config_doc.missing_descriptions() == []


def test_check_mode_fails_on_a_stale_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stale = tmp_path / "configuration.md"
    stale.write_text("# Configuration\n", encoding="utf-8")
    monkeypatch.setattr(config_doc, "TARGET", stale)
    monkeypatch.setattr(config_doc, "ROOT", tmp_path)
    assert config_doc.main(["--check"]) == 1
    assert config_doc.main([]) == 0
    assert config_doc.main(["--check"]) == 0
