"""A write that fails inside a shared transaction rolls back alone."""

import asyncio

from models import Subscriber
from services.ingest.commit import GroupCommitter, Outcome, Stored
from services.storage.transaction import transaction


async def test_a_failing_write_rolls_back_alone_and_the_rest_commit(db: str) -> None:
    committer = GroupCommitter()

    async def write(telegram_id: int, fail: bool = False) -> int:
        async with transaction():
            await Subscriber.create(telegram_id=telegram_id)
            if fail:
                raise ValueError("refused after writing")
        return telegram_id

    results = await asyncio.gather(
        committer.run(lambda: write(1)),
        committer.run(lambda: write(2, fail=True)),
        committer.run(lambda: write(3)),
        return_exceptions=True,
    )
    assert results[0] == 1 and results[2] == 3
    assert isinstance(results[1], ValueError)
    assert sorted(await Subscriber.all().values_list("telegram_id", flat=True)) == [1, 3]


async def _write_then_fail(telegram_ids: list[int]) -> list[Outcome[int]]:
    for telegram_id in telegram_ids:
        await Subscriber.create(telegram_id=telegram_id)
    raise ValueError("refused after writing")


async def _write(telegram_ids: list[int]) -> list[Outcome[int]]:
    for telegram_id in telegram_ids:
        await Subscriber.create(telegram_id=telegram_id)
    return [Stored(telegram_id) for telegram_id in telegram_ids]


async def test_a_batch_write_alone_that_fails_leaves_nothing_and_fails_each_caller(
    db: str,
) -> None:
    committer = GroupCommitter()
    results = await asyncio.gather(
        committer.run_together(_write_then_fail, 1),
        committer.run_together(_write_then_fail, 2),
        return_exceptions=True,
    )
    assert [type(result) for result in results] == [ValueError, ValueError]
    assert await Subscriber.all().count() == 0


async def test_a_batch_write_that_fails_beside_another_rolls_back_alone(db: str) -> None:
    committer = GroupCommitter()
    results = await asyncio.gather(
        committer.run_together(_write_then_fail, 1),
        committer.run_together(_write, 2),
        return_exceptions=True,
    )
    assert isinstance(results[0], ValueError) and results[1] == Stored(2)
    assert await Subscriber.all().values_list("telegram_id", flat=True) == [2]
