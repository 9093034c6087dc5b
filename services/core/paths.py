"""Where the files the code reads beside itself live: the checkout's root. locales/ and
migrations/ sit there, outside the Python packages, so the app runs from a checkout (or an
editable install of it, which `make run` makes); a wheel would not carry them
(docs/operations.md)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LOCALES_DIR = ROOT / "locales"
MIGRATIONS_DIR = ROOT / "migrations"
