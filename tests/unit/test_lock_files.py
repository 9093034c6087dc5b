"""The lock files that `make run` and `make test` install from (`make lock` writes them): every
pin carries hashes, no registry is named, and every dependency in pyproject.toml is pinned to a
version its range allows. A lock left stale after pyproject.toml changed fails here, not at
someone's install."""

import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
RUN_LOCK, TEST_LOCK = ROOT / "requirements.lock", ROOT / "requirements-test.lock"
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def entries(lock: Path) -> list[str]:
    """The lock's requirement lines, each joined with its `\\`-continued hashes."""
    lines = [line.split("#", 1)[0].rstrip() for line in lock.read_text().splitlines()]
    joined = " ".join(line.removesuffix("\\").strip() if line else "\n" for line in lines)
    return [entry.strip() for entry in joined.split("\n") if entry.strip()]


def pins(lock: Path) -> dict[str, Version]:
    pinned = {}
    for entry in entries(lock):
        name, _, rest = entry.partition("==")
        pinned[canonicalize_name(name)] = Version(rest.split()[0].rstrip(";"))
    return pinned


def wanted(extra: str | None) -> list[Requirement]:
    """pyproject.toml's dependencies (and an extra's) that apply on this machine."""
    declared = PROJECT["dependencies"] + (PROJECT["optional-dependencies"][extra] if extra else [])
    requirements = [Requirement(line) for line in declared]
    return [r for r in requirements if r.marker is None or r.marker.evaluate()]


@pytest.mark.parametrize("lock", [RUN_LOCK, TEST_LOCK], ids=lambda lock: lock.name)
def test_every_pin_has_hashes_and_no_registry_is_named(lock: Path) -> None:
    assert "://" not in lock.read_text()  # no --index-url, --extra-index-url, --find-links
    for entry in entries(lock):
        assert not entry.startswith("-"), entry
        assert "==" in entry.split()[0] and "--hash=sha256:" in entry, entry


@pytest.mark.parametrize(
    ("lock", "extra"), [(RUN_LOCK, None), (TEST_LOCK, None), (TEST_LOCK, "test")]
)
def test_each_dependency_is_locked_within_its_range(lock: Path, extra: str | None) -> None:
    pinned = pins(lock)
    for requirement in wanted(extra):
        version = pinned.get(canonicalize_name(requirement.name))
        assert version is not None, f"{requirement} is not in {lock.name}: run `make lock`"
        assert requirement.specifier.contains(version, prereleases=True), (
            f"{lock.name} pins {requirement.name} {version}, outside {requirement.specifier}: "
            "run `make lock`"
        )


def test_run_and_test_install_the_same_versions_of_what_they_share() -> None:
    run, test = pins(RUN_LOCK), pins(TEST_LOCK)
    assert {name: test.get(name) for name in run} == run
