"""Which web pages may report for a project from a browser: its allowed origins, Sentry-style.
Empty: any origin (a token shipped inside a page is then usable from any page). Set: a browser
request (it carries an `Origin` header) from another origin is refused before anything is
stored. Requests without `Origin` (servers, cron jobs, SDKs outside browsers) are unaffected.

Listed as `scheme://host[:port]`, where the host may start with `*.` for any subdomain:
`https://*.shop.example` allows `https://eu.shop.example`, not `https://shop.example`."""

import asyncio
import logging
import time
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from models import Project
from services.core.errors import InvalidInput, OriginRefused

if TYPE_CHECKING:  # services.accounts.projects validates origins with this module
    from services.accounts.projects import TokenOwners

log = logging.getLogger(__name__)
SCHEMES = {"http": 80, "https": 443}
MAX_ORIGINS = 50
MAX_HOST = 253  # DNS's limit
# How long this process trusts the lists it read: a change made in another instance (or from
# the shell) reaches it within this many seconds.
REFRESH_SECONDS = 5.0
Origin = tuple[str, str, int]  # scheme, host (lowercase, "*.x" for a wildcard), port


def parse_origins(text: str | None) -> str | None:
    """The list as stored (normalised, comma-separated), or None for any origin ("", "-",
    "any"); InvalidInput naming the first entry that is not an origin."""
    entries = [entry.strip() for entry in (text or "").replace("\n", ",").split(",")]
    entries = [entry for entry in entries if entry]
    if not entries or entries in (["-"], ["any"], ["*"]):
        return None
    if len(entries) > MAX_ORIGINS:
        raise InvalidInput(f"origins: at most {MAX_ORIGINS}", "origins-invalid")
    return ",".join(dict.fromkeys(_written(_listed(entry)) for entry in entries))


def allows(listed: str | None, origin: str) -> bool:
    """Whether a page on `origin` (an Origin header) may report for a project with `listed`."""
    if listed is None:
        return True
    sent = _origin(origin)
    if sent is None:  # "null" (a sandboxed page, a file://), or garbage
        return False
    return any(_matches(_listed(entry), sent) for entry in listed.split(","))


class OriginPolicy:
    """Allowed origins by project, for the doors. The projects that have a list are read all
    at once (few have one) and again after REFRESH_SECONDS; a token's project comes from
    TokenOwners (remembered, its lookups guarded like every door's)."""

    def __init__(self, owners: "TokenOwners") -> None:
        self.owners = owners
        self._lists: dict[int, str] = {}
        self._read_at: float | None = None
        self._reading: asyncio.Task[None] | None = None

    async def check(self, origin: str, token: str) -> None:
        """OriginRefused naming the origin, unless the token's project allows it."""
        project_id = await self.owners.owner(token)
        listed = (await self._current()).get(project_id)
        if not allows(listed, origin):
            raise OriginRefused(
                f"origin {origin[:200]!r} is not allowed to report for this project "
                "(its allowed origins)"
            )

    async def _current(self) -> dict[int, str]:
        """The lists; once read, an old copy answers while one read renews it, so a slow
        database never holds a browser's request here (the doors' own limits hold those)."""
        if self._reading is None and (
            self._read_at is None or time.monotonic() - self._read_at >= REFRESH_SECONDS
        ):
            self._reading = asyncio.create_task(self._read())
        if self._read_at is None and self._reading is not None:
            await asyncio.shield(self._reading)  # the first read: nothing to answer from yet
        return self._lists

    async def _read(self) -> None:
        try:
            rows = await Project.filter(allowed_origins__isnull=False).values_list(
                "id", "allowed_origins"
            )
        except Exception:
            if self._read_at is None:
                raise  # the first read: the request that waits for it answers 503
            log.warning("allowed origins could not be read again; the last lists stay")
            return
        finally:
            self._reading = None
        self._lists = {project_id: str(listed) for project_id, listed in rows}
        self._read_at = time.monotonic()


def _listed(entry: str) -> Origin:
    origin = _origin(entry.rstrip("/"), wildcard=True)
    if origin is None:
        raise InvalidInput(
            f"origins: {entry[:100]!r} is not an origin like https://shop.example "
            "or https://*.shop.example",
            "origins-invalid",
        )
    return origin


def _origin(text: str, wildcard: bool = False) -> Origin | None:
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    if parts.scheme not in SCHEMES or not host or parts.path or parts.query or parts.fragment:
        return None
    if parts.username is not None or parts.password is not None or port == 0:
        return None
    star = "*." if wildcard and host.startswith("*.") else ""
    bare = _ascii_host(host.removeprefix(star))
    if bare is None or "*" in bare or len(bare) > MAX_HOST:
        return None
    if star and "." not in bare:  # `*.com`: every site of a top-level domain
        return None
    return parts.scheme, star + bare, port or SCHEMES[parts.scheme]


def _ascii_host(host: str) -> str | None:
    """The host as browsers send it: a name in another script in its punycode form."""
    if host.isascii():
        return host or None
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return None


def _matches(listed: Origin, sent: Origin) -> bool:
    scheme, host, port = listed
    if (scheme, port) != (sent[0], sent[2]):
        return False
    if host.startswith("*."):
        return sent[1].endswith(host[1:])
    return host == sent[1]


def _written(origin: Origin) -> str:
    scheme, host, port = origin
    host = f"[{host}]" if ":" in host else host  # an IPv6 address, as browsers write it
    return f"{scheme}://{host}" if port == SCHEMES[scheme] else f"{scheme}://{host}:{port}"
