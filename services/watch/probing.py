"""The prober's clock: probes each active check when it is due and hands what it found to the
monitors' writer. Checks are spread over their interval by their phase
(services/monitors/checks.py), so there is no burst at the top of a minute; a bounded number
of probes run at once, each within its own timeout, so a slow or hanging target delays no
other. Several instances share the work through the claim (services/monitors/writer.py).
Every probe also counts in its check's hour (services/stats/check_hours.py), written with the
passing ones at each flush."""

import asyncio
import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import orjson

from services.letters.outbox import OutboxSignal
from services.monitors import checks, writer
from services.monitors.writer import Announcer, Claimed, Probed
from services.probes.outcome import Outcome, Probe
from services.probes.prober import Prober
from services.stats import check_hours
from services.stats.check_hours import Sample
from services.storage.steps import Row

log = logging.getLogger(__name__)
TICK = timedelta(milliseconds=200)  # how often due checks are claimed: the schedule's lag
FLUSH_EVERY = timedelta(milliseconds=500)  # passing probes are written together
FLUSH_AT = 500  # or as soon as this many probes wait
DEFAULT_IN_FLIGHT = 200
Lag = Callable[[float], None]
Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


class CheckRunner:
    def __init__(
        self,
        prober: Prober,
        announce: Announcer,
        signal: OutboxSignal,
        in_flight: int = DEFAULT_IN_FLIGHT,
        on_lag: Lag | None = None,
        clock: Clock = utc_now,
        warn_days: tuple[int, ...] = checks.CERTIFICATE_WARN_DAYS,
    ) -> None:
        self.prober = prober
        self.announce = announce
        self.signal = signal
        self.limit = in_flight
        self.on_lag = on_lag
        self.clock = clock
        self.warn_days = warn_days
        self._probing: set[asyncio.Task[None]] = set()
        self._monitors_probed: set[int] = set()
        self._passed: list[Probed] = []
        self._samples: list[Sample] = []  # every probe since the last flush, for the rollup
        self._stopped = asyncio.Event()

    async def run(self) -> None:
        """Until `stop`: claim what is due every tick, as many as there is room for."""
        flushed = self.clock()
        while not self._stopped.is_set():
            now = self.clock()
            try:
                await self.tick(now)
                if now - flushed >= FLUSH_EVERY or len(self._samples) >= FLUSH_AT:
                    flushed = now
                    await self.flush()
            except Exception:  # a database outage: try again at the next tick
                log.exception("probing checks failed")
            try:
                await asyncio.wait_for(self._stopped.wait(), TICK.total_seconds())
            except TimeoutError:
                pass

    async def stop(self) -> None:
        """Probes under way are cut short (a claimed check is probed at its next slot); what
        was found is written."""
        self._stopped.set()
        for task in list(self._probing):
            task.cancel()
        await asyncio.gather(*self._probing, return_exceptions=True)
        await self.flush()

    async def tick(self, now: datetime) -> int:
        """Claim the due checks there is room for and start their probes; how many."""
        room = self.limit - len(self._probing)
        if room <= 0 or self._stopped.is_set():
            return 0
        claimed = await writer.claim_due_checks(now, room)
        for claim in claimed:
            # Not one still probed here (a resume made it due again): two probes of one check
            # at once would count one failure twice.
            if claim.monitor_id not in self._monitors_probed:
                self._start(claim, now)
        return len(claimed)

    async def flush(self) -> None:
        """Write the passing probes that changed nothing else, together, then count every
        probe since the last flush (those that went the writer's full path too) in its
        check's hour, with one statement for all."""
        passed, self._passed = self._passed, []
        samples, self._samples = self._samples, []
        if passed:
            await writer.checks_passed_again(passed)
        await check_hours.record(samples)

    async def settled(self) -> None:
        """Wait for the probes under way (tests, the benchmark)."""
        while self._probing:
            await asyncio.gather(*self._probing, return_exceptions=True)

    def _start(self, claim: Claimed, now: datetime) -> None:
        if self.on_lag is not None:
            self.on_lag(max(0.0, (now - claim.due_at).total_seconds()))
        if self._stopped.is_set():
            return  # stopping: the check is probed at its next slot, by whoever runs then
        task = asyncio.create_task(self._probe(claim), name=f"probe-{claim.check_id}")
        self._probing.add(task)
        self._monitors_probed.add(claim.monitor_id)
        task.add_done_callback(self._probing.discard)
        task.add_done_callback(lambda _: self._monitors_probed.discard(claim.monitor_id))

    async def _probe(self, claim: Claimed) -> None:
        outcome = await self.prober.probe(probe_of(claim.check))
        if self._stopped.is_set():
            return  # cut short by the shutdown: what it found may be the shutdown itself
        probed = probed_from(claim.monitor_id, outcome, self.clock())
        self._samples.append(Sample(claim.check_id, probed.at, probed.elapsed_ms, probed.passed))
        if probed.passed and claim.steady and not self._certificate_due(probed):
            self._passed.append(probed)
            return
        try:
            await writer.check_probed(probed, self.announce, self.warn_days)
        except Exception:  # the database is away: the next probe comes at the next slot
            log.exception("recording the probe of check %s failed", claim.check_id)
            return
        self.signal.notify()  # an alert may have been queued

    def _certificate_due(self, probed: Probed) -> bool:
        """Whether the certificate is close enough to its expiry that the writer must look."""
        expires_at = probed.certificate_expires_at
        if expires_at is None or not self.warn_days:
            return False
        return checks.days_left(expires_at, probed.at) <= max(self.warn_days)


def probe_of(check: Row) -> Probe:
    """What the check's row asks to probe, as either driver reads it: JSON as text, SQLite's
    booleans as 0 or 1 (the columns: services/monitors/writer.py CLAIM_DUE)."""
    low, high = expected_status(str(check["expected_status"]))
    body = _text(check["body"])
    return Probe(
        url=str(check["url"]),
        method=str(check["method"]),
        headers=_headers(check["headers"]),
        body=body.encode() if body else None,
        timeout=int(str(check["timeout_ms"])) / 1000,
        expected_status=(low, high),
        keyword=_text(check["keyword"]),
        keyword_absent=bool(check["keyword_absent"]),
        json_field=_text(check["json_field"]),
        json_value=_text(check["json_value"]),
        allow_self_signed=bool(check["allow_self_signed"]),
    )


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _headers(stored: object) -> dict[str, str]:
    """The check's own headers, a JSON object (None: none)."""
    parsed = orjson.loads(stored) if isinstance(stored, str | bytes) else stored
    if not isinstance(parsed, dict):
        return {}
    return {str(name): str(value) for name, value in parsed.items()}


def expected_status(text: str) -> tuple[int, int]:
    """ "200-399" or "200": the inclusive range (stored valid: services/accounts/checks.py)."""
    low, _, high = text.partition("-")
    return int(low), int(high or low)


def probed_from(monitor_id: int, outcome: Outcome, at: datetime) -> Probed:
    certificate = outcome.certificate.expires_at if outcome.certificate else None
    return Probed(
        monitor_id=monitor_id,
        passed=outcome.ok,
        at=at,
        elapsed_ms=outcome.elapsed_ms,
        status=outcome.status,
        failure=outcome.failure.value if outcome.failure else None,
        detail=dict(outcome.detail) if outcome.detail else None,
        certificate_expires_at=certificate,
    )
