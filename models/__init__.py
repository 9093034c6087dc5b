"""Thin Tortoise models: fields, indexes and tiny helpers only."""

from models.enums import (
    GroupStatus,
    Health,
    HeartbeatMode,
    OutboxState,
    ProjectType,
    Role,
    Severity,
)
from models.tables import (
    ErrorGroup,
    ErrorHour,
    ErrorReport,
    HealthTransition,
    Heartbeat,
    Invite,
    ListeningGap,
    OutboxMessage,
    Project,
    ProjectAccess,
    Subscriber,
    Subscription,
    WatchClock,
)

__all__ = [
    "ErrorGroup",
    "ErrorHour",
    "ErrorReport",
    "GroupStatus",
    "Health",
    "HealthTransition",
    "Heartbeat",
    "HeartbeatMode",
    "Invite",
    "ListeningGap",
    "OutboxMessage",
    "OutboxState",
    "Project",
    "ProjectAccess",
    "ProjectType",
    "Role",
    "Severity",
    "Subscriber",
    "Subscription",
    "WatchClock",
]
