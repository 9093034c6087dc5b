"""Tables. Every column of `projects` beyond the seed's five has a database default, so the
seed's own `INSERT INTO projects (name, type, token, url, is_active) ...` creates a working row."""

from typing import Any

from tortoise import fields
from tortoise.fields.db_defaults import Now
from tortoise.models import Model

from models.enums import (
    GroupStatus,
    Health,
    HeartbeatMode,
    MonitorKind,
    OutboxState,
    Role,
    Severity,
)

ONE_HOUR = 3600


class Project(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=200, unique=True)
    type = fields.CharField(max_length=20, default="other", db_default="other")
    token = fields.CharField(max_length=128, unique=True)
    url = fields.CharField(max_length=2048, null=True)
    is_active = fields.BooleanField(default=True, db_default=True)
    paused = fields.BooleanField(default=False, db_default=False)
    timeout_seconds = fields.IntField(default=ONE_HOUR, db_default=ONE_HOUR)
    # Derived from the project's monitors (the worst of them, or paused) and written with them
    # by services/monitors/writer.py, so lists and filters need no join.
    health = fields.CharField(max_length=16, default=Health.NEW.value, db_default=Health.NEW.value)
    # What the project last reported (the heartbeat monitor compares a beat with these).
    last_heartbeat_at = fields.DatetimeField(null=True)
    last_status = fields.CharField(max_length=64, null=True)
    last_version = fields.CharField(max_length=64, null=True)
    # When an outage's alert is next edited in place ("silent for 42 min"): notify/live.py.
    incident_refresh_at = fields.DatetimeField(null=True, db_index=True)
    # Who paused monitoring and when, shown on the incident's alert.
    paused_by = fields.CharField(max_length=256, null=True)
    paused_at = fields.DatetimeField(null=True)
    # Origins (`https://shop.example,https://*.shop.example`) whose pages may report from a
    # browser; None: any origin (services/accounts/origins.py).
    allowed_origins: str | None = fields.TextField(null=True)
    # A cron schedule (services/monitors/schedule.py) instead of the plain timeout: the
    # expression (5 fields or an @daily-style shortcut), its IANA time zone, and how long after
    # an expected run its ping may still come. None: silent for `timeout_seconds` is down.
    schedule = fields.CharField(max_length=120, null=True)
    schedule_tz = fields.CharField(max_length=64, null=True)
    grace_seconds = fields.IntField(null=True)
    # The project this one stands behind (a router, a database): while it is down, this one's
    # outages are held, listed on its alert instead (services/monitors/writer.py).
    depends_on: fields.ForeignKeyNullableRelation["Project"] = fields.ForeignKeyField(
        "models.Project", related_name="dependants", null=True, on_delete=fields.SET_NULL
    )
    depends_on_id: int | None
    # Whether error alerts still go out during a maintenance window (outages never do).
    errors_alert_in_maintenance = fields.BooleanField(default=False, db_default=False)
    # The key in the project's public badge URLs (/badge/<key>.svg): not its token, so a badge
    # in a README shows its state without letting anyone report for it. Given when the
    # project is created, or when first needed for a row inserted by the seed's plain SQL.
    badge_key = fields.CharField(max_length=32, null=True, unique=True)
    created_at = fields.DatetimeField(db_default=Now())

    class Meta:
        table = "projects"


class Monitor(Model):
    """One thing that watches a project, with its own state and deadline (MonitorKind). Every
    project has a heartbeat monitor and a run monitor, and one per check (`Check`); only
    services/monitors/writer.py writes these rows."""

    id = fields.IntField(primary_key=True)
    project: fields.ForeignKeyRelation[Project] = fields.ForeignKeyField(
        "models.Project", related_name="monitors", on_delete=fields.CASCADE
    )
    project_id: int  # the column tortoise adds beside the relation
    kind = fields.CharField(max_length=16)
    state = fields.CharField(max_length=16)
    # When the state is due to change unless something is heard: the watcher reads only rows
    # whose deadline passed. None: nothing awaited (new, down, paused; no run open). A check's:
    # when it is next probed (None while paused).
    deadline_at = fields.DatetimeField(null=True, db_index=True)
    # Heartbeat: since when the outage runs (the last beat before it), and when it ended, kept
    # so its alert can still say "recovered after …". Run: when the open run started.
    since = fields.DatetimeField(null=True)
    ended_at = fields.DatetimeField(null=True)
    # An outage whose alert is held (a HeldBecause: maintenance, the project it depends on is
    # down): nothing was said yet; said when the reason ends and it is still down.
    held_because = fields.CharField(max_length=16, null=True, db_index=True)
    # Who said "I'm on it" for this outage, and when (cleared when the next outage begins).
    acked_by = fields.CharField(max_length=256, null=True)
    acked_at = fields.DatetimeField(null=True)
    # The outage's escalation: how many of the project's steps were sent, and when the next
    # is due (None: none left, acknowledged, or no outage); the escalator reads due rows only.
    escalated_steps = fields.SmallIntField(default=0, db_default=0)
    escalate_at = fields.DatetimeField(null=True, db_index=True)

    class Meta:
        table = "monitors"
        # One heartbeat and one run monitor a project: a partial unique index the migrations
        # make (tortoise cannot declare one), as checks are monitors too, any number a project.


class Check(Model):
    """What an active check probes and how (services/probes/), and what it last found. Its
    state (new, up, down, paused) and next probe time are its monitor's."""

    id = fields.IntField(primary_key=True)
    monitor: fields.OneToOneRelation[Monitor] = fields.OneToOneField(
        "models.Monitor", related_name="check", on_delete=fields.CASCADE
    )
    monitor_id: int  # the column tortoise adds beside the relation
    project: fields.ForeignKeyRelation[Project] = fields.ForeignKeyField(
        "models.Project", related_name="checks", on_delete=fields.CASCADE
    )
    project_id: int
    url = fields.CharField(max_length=2048)
    method = fields.CharField(max_length=8, default="GET")
    headers: dict[str, str] | None = fields.JSONField(null=True)
    body = fields.TextField(null=True)
    interval_seconds = fields.IntField(default=60)
    timeout_ms = fields.IntField(default=10_000)
    expected_status = fields.CharField(max_length=16, default="200-399")
    keyword = fields.CharField(max_length=256, null=True)
    keyword_absent = fields.BooleanField(default=False)
    json_field = fields.CharField(max_length=256, null=True)
    json_value = fields.CharField(max_length=256, null=True)
    # Slower answers count as degraded (shown, not alerted); None: no threshold.
    degraded_ms = fields.IntField(null=True)
    confirm = fields.IntField(default=2)  # failures in a row that make it down
    allow_self_signed = fields.BooleanField(default=False)
    created_by = fields.BigIntField(null=True)
    created_at = fields.DatetimeField(db_default=Now())
    # What the last probe found (its state moves only through services/monitors/writer.py).
    last_checked_at = fields.DatetimeField(null=True)
    last_ms = fields.IntField(null=True)
    last_status = fields.IntField(null=True)
    last_failure = fields.CharField(max_length=32, null=True)  # a services.probes Failure
    last_detail: dict[str, str] | None = fields.JSONField(null=True)
    failures_in_row = fields.IntField(default=0)
    failing_since = fields.DatetimeField(null=True)  # the first of those failures
    certificate_expires_at = fields.DatetimeField(null=True)
    # The nearest "expires in N days" already announced for that expiry (None: none yet).
    certificate_warned_days = fields.IntField(null=True)
    # Since when it flips too often to alert each flip (None: it does not).
    flapping_since = fields.DatetimeField(null=True)

    class Meta:
        table = "checks"


class CheckHour(Model):
    """A check's probes in one clock hour (UTC): how many, how many failed, and how long the
    passing ones took, counted in a fixed histogram: `bN` is the number of passing probes whose
    time falls in bucket N of services/stats/latency.py (`EDGES_MS`, log-spaced from 10 ms to
    32 s). One row a check an hour whatever its interval, added to column by column
    (services/stats/check_hours.py), so /stats reads at most 168 rows a check for a week. The
    edges are part of what the rows mean: other edges need another table, not an edit."""

    id = fields.BigIntField(primary_key=True)
    check: fields.ForeignKeyRelation[Check] = fields.ForeignKeyField(
        "models.Check", related_name="hours", on_delete=fields.CASCADE
    )
    check_id: int  # the column tortoise adds beside the relation
    hour = fields.DatetimeField(db_index=True)  # the index: the hourly prune's range
    probes = fields.IntField(default=0)
    failures = fields.IntField(default=0)
    b0 = fields.IntField(default=0)
    b1 = fields.IntField(default=0)
    b2 = fields.IntField(default=0)
    b3 = fields.IntField(default=0)
    b4 = fields.IntField(default=0)
    b5 = fields.IntField(default=0)
    b6 = fields.IntField(default=0)
    b7 = fields.IntField(default=0)
    b8 = fields.IntField(default=0)
    b9 = fields.IntField(default=0)
    b10 = fields.IntField(default=0)
    b11 = fields.IntField(default=0)
    b12 = fields.IntField(default=0)
    b13 = fields.IntField(default=0)
    b14 = fields.IntField(default=0)
    b15 = fields.IntField(default=0)

    class Meta:
        table = "check_hours"
        unique_together = (("check", "hour"),)


class Subscriber(Model):
    """A Telegram chat that can receive notifications (a person, a group or a channel)."""

    id = fields.IntField(primary_key=True)
    telegram_id = fields.BigIntField(unique=True)
    full_name = fields.CharField(max_length=256, default="", db_default="")
    language = fields.CharField(max_length=8, null=True)
    is_admin = fields.BooleanField(default=False, db_default=False)
    is_active = fields.BooleanField(default=True, db_default=True)
    # IANA name; quiet hours and the digest hour are in this zone.
    timezone = fields.CharField(max_length=64, default="UTC", db_default="UTC")
    created_at = fields.DatetimeField(db_default=Now())

    class Meta:
        table = "subscribers"


class Subscription(Model):
    id = fields.IntField(primary_key=True)
    subscriber: fields.ForeignKeyRelation[Subscriber] = fields.ForeignKeyField(
        "models.Subscriber", related_name="subscriptions", on_delete=fields.CASCADE
    )
    subscriber_id: int  # the column tortoise adds beside the relation
    project: fields.ForeignKeyRelation[Project] = fields.ForeignKeyField(
        "models.Project", related_name="subscriptions", on_delete=fields.CASCADE
    )
    project_id: int  # the column tortoise adds beside the relation
    min_severity = fields.CharField(
        max_length=16, default=Severity.DEBUG.value, db_default=Severity.DEBUG.value
    )
    # Forum topic the alerts go to (where /subscribe was sent); None: the chat itself.
    thread_id = fields.BigIntField(null=True)
    # Who subscribed the chat from Telegram: revoking their access removes it too.
    created_by = fields.BigIntField(null=True)
    heartbeat_mode = fields.CharField(
        max_length=16, default=HeartbeatMode.CHANGES.value, db_default=HeartbeatMode.CHANGES.value
    )
    # "22-08": local hours during which only critical alerts and recoveries make a sound.
    quiet_hours = fields.CharField(max_length=5, null=True)
    # Reminders while the project stays down: off, hourly, daily.
    reminders = fields.CharField(max_length=8, default="off", db_default="off")
    # Local hour of the daily digest (None: no digest), and when the last one was queued.
    digest_hour = fields.SmallIntField(null=True)
    digest_sent_at = fields.DatetimeField(null=True)
    # Set: the subscription is stopped (a StopReason) until someone entitled turns it back on.
    stopped_because = fields.CharField(max_length=24, null=True)
    stopped_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(db_default=Now())

    class Meta:
        table = "subscriptions"
        unique_together = (("subscriber", "project"),)


class HealthTransition(Model):
    """A monitor's change of state (MonitorState values), with its TransitionReason. The
    heartbeat monitor's are the project's health over time (/stats reads those)."""

    id = fields.IntField(primary_key=True)
    project: fields.ForeignKeyRelation[Project] = fields.ForeignKeyField(
        "models.Project", related_name="transitions", on_delete=fields.CASCADE
    )
    project_id: int  # the column tortoise adds beside the relation
    kind = fields.CharField(
        max_length=16, default=MonitorKind.HEARTBEAT.value, db_default=MonitorKind.HEARTBEAT.value
    )
    # Which monitor, for the kinds a project has several of (checks); None for the others.
    monitor_id = fields.IntField(null=True, db_index=True)
    old = fields.CharField(max_length=16)
    new = fields.CharField(max_length=16)
    reason = fields.CharField(max_length=64)
    at = fields.DatetimeField()

    class Meta:
        table = "health_transitions"
        # The second: a check's history over a span (a status page's 90 days, /stats), read
        # without going through every change the check ever had.
        indexes = (("project_id", "at"), ("monitor_id", "at"))


class Heartbeat(Model):
    id = fields.BigIntField(primary_key=True)
    project: fields.ForeignKeyRelation[Project] = fields.ForeignKeyField(
        "models.Project", related_name="heartbeats", on_delete=fields.CASCADE
    )
    project_id: int  # the column tortoise adds beside the relation
    status = fields.CharField(max_length=64)
    version = fields.CharField(max_length=64, null=True)
    metadata: dict[str, Any] | None = fields.JSONField(null=True)
    received_at = fields.DatetimeField()

    class Meta:
        table = "heartbeats"
        indexes = (("project_id", "received_at"),)


class ErrorGroup(Model):
    """All reports with one fingerprint. Counts are exact; reports themselves are pruned."""

    id = fields.BigIntField(primary_key=True)
    project: fields.ForeignKeyRelation[Project] = fields.ForeignKeyField(
        "models.Project", related_name="error_groups", on_delete=fields.CASCADE
    )
    project_id: int  # the column tortoise adds beside the relation
    fingerprint = fields.CharField(max_length=64)
    type = fields.CharField(max_length=256)
    message = fields.TextField()
    culprit = fields.CharField(max_length=300, null=True)
    severity = fields.CharField(max_length=16)
    status = fields.CharField(max_length=16, default=GroupStatus.OPEN.value)
    times_seen = fields.BigIntField(default=1)
    first_seen = fields.DatetimeField()
    last_seen = fields.DatetimeField()
    last_release = fields.CharField(max_length=200, null=True)
    muted_until = fields.DatetimeField(null=True)
    mute_over_per_hour = fields.IntField(null=True)
    # The last press of a button on the alert: who, what, when (shown on the alert).
    acted_by = fields.CharField(max_length=256, null=True)
    action = fields.CharField(max_length=16, null=True)
    acted_at = fields.DatetimeField(null=True)
    regressed_at = fields.DatetimeField(null=True)
    # Who said "I'm on it" for the group's open alert, and when (cleared on resolve).
    acked_by = fields.CharField(max_length=256, null=True)
    acked_at = fields.DatetimeField(null=True)
    # When the group's alerts are next edited in place (repeats, button presses); None: idle.
    refresh_due_at = fields.DatetimeField(null=True, db_index=True)
    refreshed_at = fields.DatetimeField(null=True)

    class Meta:
        table = "error_groups"
        unique_together = (("project", "fingerprint"),)
        indexes = (("project_id", "last_seen"),)


class ErrorHour(Model):
    """Occurrences per group, hour and severity: stats and rate mutes read these, not reports."""

    id = fields.BigIntField(primary_key=True)
    group: fields.ForeignKeyRelation[ErrorGroup] = fields.ForeignKeyField(
        "models.ErrorGroup", related_name="hours", on_delete=fields.CASCADE
    )
    group_id: int  # the column tortoise adds beside the relation
    project_id = fields.IntField()
    hour = fields.DatetimeField()
    severity = fields.CharField(max_length=16)
    count = fields.BigIntField(default=0)

    class Meta:
        table = "error_hours"
        unique_together = (("group", "hour", "severity"),)
        indexes = (("project_id", "hour"),)


class ErrorReport(Model):
    id = fields.BigIntField(primary_key=True)
    project: fields.ForeignKeyRelation[Project] = fields.ForeignKeyField(
        "models.Project", related_name="errors", on_delete=fields.CASCADE
    )
    project_id: int  # the column tortoise adds beside the relation
    group: fields.ForeignKeyNullableRelation[ErrorGroup] = fields.ForeignKeyField(
        "models.ErrorGroup", related_name="reports", on_delete=fields.CASCADE, null=True
    )
    group_id: int | None  # the column tortoise adds beside the relation
    type = fields.CharField(max_length=256)
    message = fields.TextField()
    stack_trace = fields.TextField(null=True)
    severity = fields.CharField(max_length=16)
    context: dict[str, Any] | None = fields.JSONField(null=True)
    received_at = fields.DatetimeField()

    class Meta:
        table = "error_reports"
        indexes = (("project_id", "received_at"), ("group_id", "received_at"))


class OutboxMessage(Model):
    """A rendered notification waiting for (or done with) delivery to one chat."""

    id = fields.BigIntField(primary_key=True)
    subscriber: fields.ForeignKeyRelation[Subscriber] = fields.ForeignKeyField(
        "models.Subscriber", related_name="outbox", on_delete=fields.CASCADE
    )
    subscriber_id: int  # the column tortoise adds beside the relation
    chat_id = fields.BigIntField()
    thread_id = fields.BigIntField(null=True)
    kind = fields.CharField(max_length=32)
    text = fields.TextField()
    state = fields.CharField(max_length=16, default=OutboxState.PENDING.value)
    attempts = fields.IntField(default=0)
    next_attempt_at = fields.DatetimeField()
    created_at = fields.DatetimeField()
    sent_at = fields.DatetimeField(null=True)
    telegram_message_id = fields.BigIntField(null=True)
    last_error = fields.TextField(null=True)
    # Inline buttons (Telegram's reply_markup object) and whether to send without a sound.
    reply_markup: dict[str, Any] | None = fields.JSONField(null=True)
    silent = fields.BooleanField(default=False, db_default=False)
    # Set: this row edits that message of the chat instead of sending a new one.
    edit_message_id = fields.BigIntField(null=True)
    # What the message is about, so a later edit can find it.
    group_id = fields.BigIntField(null=True, db_index=True)
    project_id = fields.IntField(null=True, db_index=True)
    # An outage's alert: the monitor that is down (None: the project's heartbeat monitor).
    monitor_id = fields.IntField(null=True)
    # Claims since the last recorded outcome (sent, retry, dropped): a send that went out but
    # could not be recorded (a crash, a database outage) is not repeated without bound.
    unrecorded_sends = fields.IntField(default=0, db_default=0)

    class Meta:
        table = "outbox"
        # The second: a chat's earliest pending row, which alone may be claimed (its order).
        indexes = (("state", "next_attempt_at"), ("chat_id", "state", "id"))


class ProjectAccess(Model):
    """A person (Telegram user id) invited to a project."""

    id = fields.IntField(primary_key=True)
    project: fields.ForeignKeyRelation[Project] = fields.ForeignKeyField(
        "models.Project", related_name="access", on_delete=fields.CASCADE
    )
    project_id: int  # the column tortoise adds beside the relation
    user_id = fields.BigIntField(db_index=True)
    full_name = fields.CharField(max_length=256, default="")
    role = fields.CharField(max_length=16, default=Role.VIEWER.value)
    granted_by = fields.BigIntField()
    created_at = fields.DatetimeField(db_default=Now())

    class Meta:
        table = "project_access"
        unique_together = (("project", "user_id"),)


class Invite(Model):
    """A deep link `t.me/<bot>?start=<code>` that grants one project."""

    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=32, unique=True)
    project: fields.ForeignKeyRelation[Project] = fields.ForeignKeyField(
        "models.Project", related_name="invites", on_delete=fields.CASCADE
    )
    project_id: int  # the column tortoise adds beside the relation
    role = fields.CharField(max_length=16, default=Role.VIEWER.value)
    created_by = fields.BigIntField()
    single_use = fields.BooleanField(default=True)
    # None only on links made before single-use links expired: they count from created_at.
    expires_at = fields.DatetimeField(null=True)
    used_at = fields.DatetimeField(null=True)  # redeemed (a reusable link: last redeemed)
    cancelled_at = fields.DatetimeField(null=True)  # withdrawn by an admin or a revocation
    created_at = fields.DatetimeField(db_default=Now())

    class Meta:
        table = "invites"


class WatchClock(Model):
    """One row: when the last silence check ended, on any instance. A check that starts much
    later found that nobody listened in between (services/watch/silence.py)."""

    id = fields.IntField(primary_key=True)
    checked_at = fields.DatetimeField()

    class Meta:
        table = "watch_clock"


class ListeningGap(Model):
    """A time nobody listened: no silence check ran on any instance (a deploy, a crash, a
    database outage). A project's silence counts only the time outside these."""

    id = fields.IntField(primary_key=True)
    started_at = fields.DatetimeField()
    ended_at = fields.DatetimeField(db_index=True)

    class Meta:
        table = "listening_gaps"


class MaintenanceWindow(Model):
    """A time in which a project's outages and failed runs do not alert (services/monitors/
    holds.py). One-off: from `starts_at` to `ends_at` (None: until someone ends it).
    Weekly: on `weekdays` (a bit per day, Monday = 1) from `start_minute` (minutes after
    local midnight) for `duration_minutes`, in `timezone`."""

    id = fields.IntField(primary_key=True)
    project: fields.ForeignKeyRelation[Project] = fields.ForeignKeyField(
        "models.Project", related_name="maintenance_windows", on_delete=fields.CASCADE
    )
    project_id: int
    kind = fields.CharField(max_length=16)  # a MaintenanceKind
    starts_at = fields.DatetimeField(null=True)
    ends_at = fields.DatetimeField(null=True, db_index=True)
    weekdays = fields.SmallIntField(null=True)
    start_minute = fields.SmallIntField(null=True)
    duration_minutes = fields.IntField(null=True)
    timezone = fields.CharField(max_length=64, null=True)
    created_by = fields.CharField(max_length=256, default="", db_default="")
    created_at = fields.DatetimeField(db_default=Now())

    class Meta:
        table = "maintenance_windows"


class EscalationStep(Model):
    """One step of a project's escalation: if an outage is not acknowledged within
    `after_seconds` of its start, alert `chat_id` (mentioning `mention`, if any)."""

    id = fields.IntField(primary_key=True)
    project: fields.ForeignKeyRelation[Project] = fields.ForeignKeyField(
        "models.Project", related_name="escalation_steps", on_delete=fields.CASCADE
    )
    project_id: int
    after_seconds = fields.IntField()
    chat_id = fields.BigIntField()
    mention = fields.CharField(max_length=256, null=True)
    # Who added the step (a Telegram user id; None: the operator, from the shell): a group
    # step reaches its chat only while they still see the project, as a subscription does.
    created_by = fields.BigIntField(null=True)
    created_at = fields.DatetimeField(db_default=Now())

    class Meta:
        table = "escalation_steps"


class OpenRun(Model):
    """A run begun with a run id (`/ping/<token>/start?rid=<uuid>`) and not yet ended, so
    overlapping runs of one job are told apart: each ends with its own id and its own
    duration. The run monitor is running while any is open (services/monitors/writer.py)."""

    id = fields.BigIntField(primary_key=True)
    project: fields.ForeignKeyRelation[Project] = fields.ForeignKeyField(
        "models.Project", related_name="open_runs", on_delete=fields.CASCADE
    )
    project_id: int
    rid = fields.CharField(max_length=64)
    started_at = fields.DatetimeField()

    class Meta:
        table = "open_runs"
        unique_together = (("project", "rid"),)


class RunLog(Model):
    """A log line a job sent without changing its state (`/ping/<token>/log`), with the run
    id it belongs to, if any: shown with the run's failure."""

    id = fields.BigIntField(primary_key=True)
    project: fields.ForeignKeyRelation[Project] = fields.ForeignKeyField(
        "models.Project", related_name="run_logs", on_delete=fields.CASCADE
    )
    project_id: int
    rid = fields.CharField(max_length=64, null=True)
    text = fields.TextField()
    received_at = fields.DatetimeField()

    class Meta:
        table = "run_logs"
        indexes = (("project_id", "received_at"),)


class StatusPage(Model):
    """A public page (`/status/<slug>`) showing the state and uptime of some projects, with
    nothing private on it (services/public/)."""

    id = fields.IntField(primary_key=True)
    slug = fields.CharField(max_length=64, unique=True)
    title = fields.CharField(max_length=200)
    # Whether the page shows how many errors each project reported (never their text).
    show_error_counts = fields.BooleanField(default=False, db_default=False)
    # Who made it (a Telegram user id; None: the operator, from the shell).
    created_by = fields.BigIntField(null=True)
    created_at = fields.DatetimeField(db_default=Now())

    class Meta:
        table = "status_pages"


class StatusPageProject(Model):
    """A project shown on a status page, in `position` order."""

    id = fields.IntField(primary_key=True)
    page: fields.ForeignKeyRelation[StatusPage] = fields.ForeignKeyField(
        "models.StatusPage", related_name="entries", on_delete=fields.CASCADE
    )
    page_id: int
    project: fields.ForeignKeyRelation[Project] = fields.ForeignKeyField(
        "models.Project", related_name="status_page_entries", on_delete=fields.CASCADE
    )
    project_id: int
    position = fields.SmallIntField(default=0, db_default=0)

    class Meta:
        table = "status_page_projects"
        unique_together = (("page", "project"),)


class ApiKey(Model):
    """A key for the management API (/api/v1/manage/). Only its SHA-256 is kept: the key is
    shown once, when made. Read-only keys may only read; a key with a project sees only that
    project (services/accounts/api_keys.py)."""

    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=100)
    key_hash = fields.CharField(max_length=64, unique=True)
    # The key's first characters, shown in lists so a person can tell keys apart.
    prefix = fields.CharField(max_length=16)
    read_only = fields.BooleanField(default=False, db_default=False)
    project: fields.ForeignKeyNullableRelation[Project] = fields.ForeignKeyField(
        "models.Project", related_name="api_keys", null=True, on_delete=fields.CASCADE
    )
    project_id: int | None
    # Who made it (a Telegram user id; None: the operator, from the shell).
    created_by = fields.BigIntField(null=True)
    created_at = fields.DatetimeField(db_default=Now())
    last_used_at = fields.DatetimeField(null=True)
    revoked_at = fields.DatetimeField(null=True)

    class Meta:
        table = "api_keys"
