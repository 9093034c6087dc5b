"""Every request in contracts/ is accepted: the doors and the SDKs share one format."""

import pytest

from tests.api.conftest import Client
from tests.conftest import make_project
from tests.contracts import all_contracts, filled, load


@pytest.mark.parametrize("name", all_contracts())
async def test_the_server_accepts_every_contract(api: Client, name: str) -> None:
    contract = load(name)
    project = await make_project()
    answer = await api.request(
        contract["method"], contract["path"], json=filled(contract["body"], project.token)
    )
    assert 200 <= answer.status < 300, await answer.text()
