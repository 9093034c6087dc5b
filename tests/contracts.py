"""Reading the request contracts in contracts/ (see its README)."""

from pathlib import Path
from typing import Any

import orjson

CONTRACTS = Path(__file__).resolve().parents[1] / "contracts"


def load(name: str) -> dict[str, Any]:
    return dict(orjson.loads((CONTRACTS / name).read_bytes()))


def all_contracts() -> list[str]:
    return sorted(path.name for path in CONTRACTS.glob("*.json"))


def filled(value: Any, token: str) -> Any:
    """The body the server's tests send: placeholders replaced by sample values."""
    if value == "<token>":
        return token
    if value == "<string>":
        return "sample"
    if value == "<object>":
        return {}
    if isinstance(value, dict):
        return {key: filled(item, token) for key, item in value.items()}
    if isinstance(value, list):
        return [filled(item, token) for item in value]
    return value


def matches(sent: Any, expected: Any, token: str) -> bool:
    """Whether a body an SDK sent fits a contract body (placeholders match their kind)."""
    if expected == "<token>":
        return sent == token
    if expected == "<string>":
        return isinstance(sent, str)
    if expected == "<object>":
        return isinstance(sent, dict)
    if isinstance(expected, dict):
        return (
            isinstance(sent, dict)
            and sent.keys() == expected.keys()
            and all(matches(sent[key], expected[key], token) for key in expected)
        )
    if isinstance(expected, list):
        return (
            isinstance(sent, list)
            and len(sent) == len(expected)
            and all(matches(a, b, token) for a, b in zip(sent, expected, strict=True))
        )
    return bool(sent == expected)
