"""Thin Tortoise models: fields, indexes and tiny helpers only."""

from models.enums import Health, HeartbeatMode, OutboxState, ProjectType, Severity
from models.tables import (
    ErrorReport,
    HealthTransition,
    Heartbeat,
    OutboxMessage,
    Project,
    Subscriber,
    Subscription,
)

__all__ = [
    "ErrorReport",
    "Health",
    "HealthTransition",
    "Heartbeat",
    "HeartbeatMode",
    "OutboxMessage",
    "OutboxState",
    "Project",
    "ProjectType",
    "Severity",
    "Subscriber",
    "Subscription",
]
