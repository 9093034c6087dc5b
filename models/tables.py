"""Tables. Every column of `projects` beyond the seed's five has a database default, so the
seed's own `INSERT INTO projects (name, type, token, url, is_active) ...` creates a working row."""

from tortoise import fields
from tortoise.fields.db_defaults import Now
from tortoise.models import Model

from models.enums import Health, HeartbeatMode, OutboxState, Role, Severity

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
    # The health we last acted on; the silence checker moves it with compare-and-set updates.
    health = fields.CharField(max_length=16, default=Health.NEW.value, db_default=Health.NEW.value)
    last_heartbeat_at = fields.DatetimeField(null=True)
    # Set only while the project is up: the silence checker reads just the rows that are due.
    deadline_at = fields.DatetimeField(null=True, db_index=True)
    last_status = fields.CharField(max_length=64, null=True)
    last_version = fields.CharField(max_length=64, null=True)
    # A run that signalled its start (ping /start, Sentry check-in in_progress) and has not
    # finished; past run_deadline_at it is reported as hung.
    run_started_at = fields.DatetimeField(null=True)
    run_deadline_at = fields.DatetimeField(null=True, db_index=True)
    created_at = fields.DatetimeField(db_default=Now())

    class Meta:
        table = "projects"


class Subscriber(Model):
    """A Telegram chat that can receive notifications (a person, a group or a channel)."""

    id = fields.IntField(primary_key=True)
    telegram_id = fields.BigIntField(unique=True)
    full_name = fields.CharField(max_length=256, default="", db_default="")
    language = fields.CharField(max_length=8, null=True)
    is_admin = fields.BooleanField(default=False, db_default=False)
    is_active = fields.BooleanField(default=True, db_default=True)
    created_at = fields.DatetimeField(db_default=Now())

    class Meta:
        table = "subscribers"


class Subscription(Model):
    id = fields.IntField(primary_key=True)
    subscriber: fields.ForeignKeyRelation[Subscriber] = fields.ForeignKeyField(
        "models.Subscriber", related_name="subscriptions", on_delete=fields.CASCADE
    )
    project: fields.ForeignKeyRelation[Project] = fields.ForeignKeyField(
        "models.Project", related_name="subscriptions", on_delete=fields.CASCADE
    )
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
    created_at = fields.DatetimeField(db_default=Now())

    class Meta:
        table = "subscriptions"
        unique_together = (("subscriber", "project"),)


class HealthTransition(Model):
    id = fields.IntField(primary_key=True)
    project: fields.ForeignKeyRelation[Project] = fields.ForeignKeyField(
        "models.Project", related_name="transitions", on_delete=fields.CASCADE
    )
    old = fields.CharField(max_length=16)
    new = fields.CharField(max_length=16)
    reason = fields.CharField(max_length=64)
    at = fields.DatetimeField()

    class Meta:
        table = "health_transitions"
        indexes = (("project_id", "at"),)


class Heartbeat(Model):
    id = fields.BigIntField(primary_key=True)
    project: fields.ForeignKeyRelation[Project] = fields.ForeignKeyField(
        "models.Project", related_name="heartbeats", on_delete=fields.CASCADE
    )
    status = fields.CharField(max_length=64)
    version = fields.CharField(max_length=64, null=True)
    metadata = fields.JSONField(null=True)
    received_at = fields.DatetimeField()

    class Meta:
        table = "heartbeats"
        indexes = (("project_id", "received_at"),)


class ErrorReport(Model):
    id = fields.BigIntField(primary_key=True)
    project: fields.ForeignKeyRelation[Project] = fields.ForeignKeyField(
        "models.Project", related_name="errors", on_delete=fields.CASCADE
    )
    type = fields.CharField(max_length=256)
    message = fields.TextField()
    stack_trace = fields.TextField(null=True)
    severity = fields.CharField(max_length=16)
    context = fields.JSONField(null=True)
    received_at = fields.DatetimeField()

    class Meta:
        table = "error_reports"
        indexes = (("project_id", "received_at"),)


class OutboxMessage(Model):
    """A rendered notification waiting for (or done with) delivery to one chat."""

    id = fields.BigIntField(primary_key=True)
    subscriber: fields.ForeignKeyRelation[Subscriber] = fields.ForeignKeyField(
        "models.Subscriber", related_name="outbox", on_delete=fields.CASCADE
    )
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

    class Meta:
        table = "outbox"
        indexes = (("state", "next_attempt_at"),)


class ProjectAccess(Model):
    """A person (Telegram user id) invited to a project."""

    id = fields.IntField(primary_key=True)
    project: fields.ForeignKeyRelation[Project] = fields.ForeignKeyField(
        "models.Project", related_name="access", on_delete=fields.CASCADE
    )
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
    role = fields.CharField(max_length=16, default=Role.VIEWER.value)
    created_by = fields.BigIntField()
    single_use = fields.BooleanField(default=True)
    expires_at = fields.DatetimeField(null=True)
    used_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(db_default=Now())

    class Meta:
        table = "invites"
