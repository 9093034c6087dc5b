"""The SQLite WAL keeps its size across checkpoints, so commits overwrite it in place instead of
growing the file again (a grown file costs every commit's fdatasync a metadata write)."""

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from tortoise import connections

from services.storage.db import apply_migrations, close_orm, init_orm
from services.storage.transaction import transaction

# A checkpoint every 20 pages: the test crosses several with a few dozen commits.
OFTEN = "wal_autocheckpoint=20"


def wal_size(path: Path) -> int:
    return Path(f"{path}-wal").stat().st_size


async def wal_sizes_over_commits(url: str, path: Path) -> list[int]:
    await init_orm(url)
    try:
        await connections.get("default").execute_script("CREATE TABLE filler (x TEXT)")
        sizes = []
        for _ in range(60):
            async with transaction() as client:
                await client.execute_query("INSERT INTO filler VALUES (?)", ["x" * 8000])
            sizes.append(wal_size(path))
        return sizes
    finally:
        await close_orm()


@pytest.fixture
async def sqlite_path(tmp_path: Path) -> AsyncIterator[Path]:
    path = tmp_path / "wal.sqlite3"
    await apply_migrations(f"sqlite://{path}")
    yield path


async def test_the_wal_is_not_cut_back_after_each_checkpoint(sqlite_path: Path) -> None:
    sizes = await wal_sizes_over_commits(f"sqlite://{sqlite_path}?{OFTEN}", sqlite_path)
    grown = max(sizes[:10])
    assert min(sizes[10:]) == grown, sizes  # never shrinks: later commits overwrite it


async def test_a_journal_size_limit_in_the_url_wins(sqlite_path: Path) -> None:
    url = f"sqlite://{sqlite_path}?{OFTEN}&journal_size_limit=16384"
    sizes = await wal_sizes_over_commits(url, sqlite_path)
    assert min(sizes[10:]) <= 16384 + 4096 < max(sizes), sizes  # tortoise's own default
