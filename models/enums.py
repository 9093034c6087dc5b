from enum import StrEnum


class ProjectType(StrEnum):
    BOT = "bot"
    WEBSITE = "website"
    API = "api"
    SERVICE = "service"
    CRON = "cron"
    OTHER = "other"


class Health(StrEnum):
    NEW = "new"
    UP = "up"
    DOWN = "down"
    PAUSED = "paused"


class Severity(StrEnum):
    DEBUG = "debug"
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return list(Severity).index(self)


class HeartbeatMode(StrEnum):
    EVERY = "every"
    CHANGES = "changes"
    OFF = "off"


class OutboxState(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    DROPPED = "dropped"


class Role(StrEnum):
    """What a person may do with a project. Admins (ADMIN_IDS, add-admin) may do everything."""

    VIEWER = "viewer"  # subscribe, stats
    MAINTAINER = "maintainer"  # also settings, token, pause

    @property
    def rank(self) -> int:
        return list(Role).index(self)


class GroupStatus(StrEnum):
    """Where an error group stands. Only open groups alert; resolved ones alert again as a
    regression; muted ones are silent until a time or a rate; ignored ones for good."""

    OPEN = "open"
    RESOLVED = "resolved"
    MUTED = "muted"
    IGNORED = "ignored"


class StopReason(StrEnum):
    """Why a subscription went quiet without anyone unsubscribing it. A stopped subscription
    gets nothing (alerts, edits of old alerts, digests) until someone entitled turns it on."""

    MAKER_LOST_ACCESS = "maker_lost_access"  # whoever subscribed the chat lost the project
    BOT_REMOVED = "bot_removed"  # the bot was removed from the group


class MonitorKind(StrEnum):
    """What watches a project. Each kind has its own state and deadline; the project's health is
    derived from them (services/monitors/). A project has one heartbeat and one run monitor,
    and one monitor per active check it has (a `checks` row says what to probe)."""

    HEARTBEAT = "heartbeat"  # silent for longer than the timeout: down
    RUN = "run"  # a run that signalled its start and sent no outcome within the timeout: hung
    HTTP = "http"  # an active check of an http(s):// URL: down after N failures in a row
    TCP = "tcp"  # an active check of a tcp://host:port: down after N failed connects in a row

    @property
    def probed(self) -> bool:
        """Whether the monitor asks (an active check) rather than listens."""
        return self in (MonitorKind.HTTP, MonitorKind.TCP)


class MonitorState(StrEnum):
    """Where a monitor stands. The heartbeat monitor's states are the project's health; the
    run's are its own (a hung run is reported, and the project's silence, not the hang, makes
    it down)."""

    NEW = "new"  # heartbeat: nothing heard yet; check: not probed yet
    UP = "up"
    DOWN = "down"
    PAUSED = "paused"
    IDLE = "idle"  # run: none open
    RUNNING = "running"  # run: started, its outcome awaited until the deadline
    HUNG = "hung"  # run: started, no outcome by the deadline (reported once)


class TransitionReason(StrEnum):
    """Why a monitor's state changed, as stored in `health_transitions.reason` (the values are
    those written before the enum existed)."""

    FIRST = "first"  # the first heartbeat ever
    RECOVERED = "recovered"  # a heartbeat after a silence
    SILENCE = "silence"  # the deadline passed, heard by the monitor
    PAUSED = "paused"
    RESUMED = "resumed"
    RUN_STARTED = "run_started"
    RUN_SUCCEEDED = "run_succeeded"  # a heartbeat (a success ping) ended the run
    RUN_FAILED = "run_failed"
    RUN_HUNG = "run_hung"
    CHECK_FAILED = "check_failed"  # a check failed as many times in a row as it must to be down
    CHECK_PASSED = "check_passed"  # a check answered as expected (its first time, or again)
    # the project it depends on recovered: an outage held for it is judged afresh
    DEPENDENCY_RECOVERED = "dependency_recovered"


class LetterKind(StrEnum):
    """What an outbox row says; the sender, the live edits and the incident merging decide by
    it (`outbox.kind`)."""

    HEARTBEAT = "heartbeat"
    RECOVERY = "recovery"
    SILENCE = "silence"  # an outage: one message per incident, edited while it lasts
    REMINDER = "reminder"
    DIGEST = "digest"
    ERROR = "error"  # an error group's alert, edited with its repeats
    RUN_FAILED = "run_failed"
    RUN_HUNG = "run_hung"
    CHECK = "check"  # about an active check: it flaps, it settled, its certificate expires soon
    EDIT = "edit"  # an edit of an earlier alert
    NOTICE = "notice"  # about the chat itself (a stopped subscription): goes to any chat
    FAREWELL = "farewell"  # the last edit of an alert, in a chat that stops hearing
    # An outage nobody acknowledged, sent to a step of the project's escalation chain (a chat
    # that need not hear about the project), and the edits of that message: goes to its chat.
    ESCALATION = "escalation"


class HeldBecause(StrEnum):
    """Why an outage's alert was held (`monitors.held_because`): said when the reason ends and
    the project is still down."""

    MAINTENANCE = "maintenance"  # in a maintenance window of the project
    DEPENDENCY = "dependency"  # the project it depends on is down (listed on that one's alert)


class MaintenanceKind(StrEnum):
    ONE_OFF = "one_off"  # from a time to a time, or until someone ends it
    WEEKLY = "weekly"  # on some days of the week, at the same local hours
    # A one-off window a deploy script began by URL (api/maintenance.py): that door replaces
    # and ends only these, never a window a person began nor a weekly one.
    DEPLOY = "deploy"


# Issue 29: what the public (a status page, a badge) is told.
class PublicState(StrEnum):
    """What a status page or a badge says of a project or a check: its state as a visitor
    reads it, a maintenance window shown as such (services/public/state.py, the one rule)."""

    UP = "up"
    DOWN = "down"
    MAINTENANCE = "maintenance"
    PAUSED = "paused"
    NEW = "new"  # nothing heard or probed yet


# Issue 29, the doors people migrate from (api/kuma.py).
class KumaStatus(StrEnum):
    """An Uptime Kuma push's `status`: as Kuma, `up` when none is given."""

    UP = "up"  # a success heartbeat
    DOWN = "down"  # a failed run, alerted at once
