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
