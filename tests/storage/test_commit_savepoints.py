"""A write that fails inside a shared transaction rolls back alone."""

import asyncio

from tortoise.transactions import in_transaction

from models import Subscriber
from services.commit import GroupCommitter


async def test_a_failing_write_rolls_back_alone_and_the_rest_commit(db: str) -> None:
    committer = GroupCommitter()

    async def write(telegram_id: int, fail: bool = False) -> int:
        async with in_transaction():
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
