"""Which numbers can be a row's id. Most tables' ids are PostgreSQL `integer`s (error groups'
are `bigint`s): a larger number names no row, but the databases refuse to compare a column
with it (asyncpg: out of int32 range; SQLite: too large for an INTEGER), an error rather than
"none". Every reader of an id typed by someone (a door's path, a command's argument) asks here
first and answers "not found"."""

INT_ID_MAX = 2**31 - 1
BIGINT_ID_MAX = 2**63 - 1
# Longer than any id: refused before int() (Python refuses to read 4,300 digits).
MAX_ID_DIGITS = len(str(BIGINT_ID_MAX))


def typed_id(text: str, largest: int = INT_ID_MAX) -> int | None:
    """The id in `text` (ASCII digits only: `²` is a digit to str.isdigit, not to int), or
    None if no row can have it."""
    if not text or len(text) > MAX_ID_DIGITS or not text.isascii() or not text.isdigit():
        return None
    number = int(text)
    return number if number <= largest else None


def may_be_id(number: int, largest: int = INT_ID_MAX) -> bool:
    """Whether a row can have this id."""
    return 0 <= number <= largest
