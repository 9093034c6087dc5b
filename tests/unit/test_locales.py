"""Every message exists in both languages, with the same variables."""

from pathlib import Path

import pytest
from fluent.syntax import FluentParser, ast, visitor

LOCALES = Path(__file__).resolve().parents[2] / "locales"


class _Variables(visitor.Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def visit_VariableReference(self, node: ast.VariableReference) -> None:
        self.names.add(node.id.name)


def messages(locale: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in sorted((LOCALES / locale).glob("*.ftl")):
        resource = FluentParser().parse(path.read_text(encoding="utf-8"))
        junk = [entry for entry in resource.body if isinstance(entry, ast.Junk)]
        assert not junk, f"{path}: {junk[0].annotations[0].message}"
        for entry in resource.body:
            if isinstance(entry, ast.Message | ast.Term):
                variables = _Variables()
                variables.visit(entry)
                found[entry.id.name] = variables.names
    return found


def test_both_languages_have_the_same_keys() -> None:
    ru, en = messages("ru"), messages("en")
    assert sorted(set(ru) - set(en)) == [], "missing in en"
    assert sorted(set(en) - set(ru)) == [], "missing in ru"


@pytest.mark.parametrize("key", sorted(messages("ru")))
def test_both_languages_use_the_same_variables(key: str) -> None:
    assert messages("ru")[key] == messages("en").get(key, messages("ru")[key])
