"""Which failures mean "the database is unavailable, retry" (503) rather than a bug (500)."""

import pytest
from asyncpg.exceptions import (
    AdminShutdownError,
    CannotConnectNowError,
    CharacterNotInRepertoireError,
    ConnectionDoesNotExistError,
    DeadlockDetectedError,
    InterfaceError,
    TooManyConnectionsError,
    UniqueViolationError,
)
from tortoise.exceptions import OperationalError

from services.storage.db import database_unavailable


def wrapped_by_tortoise(cause: Exception) -> Exception:
    try:
        raise OperationalError(cause) from cause
    except OperationalError as raised:
        return raised


def raised_while_handling(error: Exception, cause: Exception) -> Exception:
    try:
        try:
            raise cause
        except Exception:
            raise error  # noqa: B904 - the implicit context is what asyncpg's rollback leaves
    except Exception as raised:
        return raised


@pytest.mark.parametrize(
    ("error", "unavailable"),
    [
        (ConnectionRefusedError(111, "Connect call failed"), True),
        (TimeoutError(), True),
        (ConnectionDoesNotExistError("connection was closed in the middle of operation"), True),
        (AdminShutdownError("terminating connection due to administrator command"), True),
        (CannotConnectNowError("the database system is starting up"), True),
        (TooManyConnectionsError("sorry, too many clients already"), True),
        # Two instances' batches locked the same projects in opposite orders: retry.
        (DeadlockDetectedError("deadlock detected"), True),
        (wrapped_by_tortoise(DeadlockDetectedError("deadlock detected")), True),
        (
            raised_while_handling(
                InterfaceError("cannot call Transaction.rollback(): the connection is closed"),
                ConnectionDoesNotExistError("connection was closed in the middle of operation"),
            ),
            True,
        ),
        (InterfaceError("cannot perform operation: another operation is in progress"), False),
        (raised_while_handling(ValueError("a bug"), ConnectionRefusedError()), False),
        (UniqueViolationError("duplicate key"), False),
        # A NUL in a parameter: our bug, which a retry would repeat for ever.
        (wrapped_by_tortoise(CharacterNotInRepertoireError("invalid byte sequence")), False),
        (wrapped_by_tortoise(ConnectionRefusedError()), True),
        (KeyError("x"), False),
    ],
)
def test_database_unavailable_tells_outages_from_bugs(error: Exception, unavailable: bool) -> None:
    assert database_unavailable(error) is unavailable
