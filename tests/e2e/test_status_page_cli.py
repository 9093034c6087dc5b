"""`main.py status-page` as the issue writes it, in a child process: the page is made and its
address printed; a bad slug is refused with the reason and exit code 2."""

from pathlib import Path

from tests.e2e.app_process import AppProcess


async def test_a_status_page_from_the_shell_as_written_in_the_issue(tmp_path: Path) -> None:
    app = AppProcess(
        tmp_path,
        f"sqlite://{tmp_path}/cli.sqlite3",
        "http://127.0.0.1:9",
        DEFAULT_LOCALE="en",
        PUBLIC_URL="https://mon.example",
    )
    assert (await app.cli("add-project", "--name", "Shop"))[0] == 0
    code, out, _ = await app.cli(
        "status-page", "--slug", "shop", "--project", "Shop", "--title", "Shop status"
    )
    assert (code, out.strip()) == (
        0,
        'Status page "shop" is made: https://mon.example/status/shop',
    )

    code, _, err = await app.cli("status-page", "--slug", "Shop Status", "--project", "Shop")
    assert code == 2
    assert err.strip() == (
        "error: The address may hold only lowercase letters a-z, digits and dashes (-)."
    )
