"""What the public is told of a project or a check (a status page, a badge), and of a whole
status page (its headline): the one rule."""

from collections.abc import Iterable

from models import MonitorKind, MonitorState
from models.enums import PublicState

# The monitors the public hears of: a hung run does not make a project down (as its health).
SHOWN_KINDS = (MonitorKind.HEARTBEAT, MonitorKind.HTTP, MonitorKind.TCP)


def public_state(paused: bool, in_maintenance: bool, states: Iterable[str]) -> PublicState:
    """The state shown for monitors in `states` (MonitorState values: a project's heartbeat
    and its checks, or one check). A paused project, then a maintenance window, say so; else
    down if any monitor is down, up if any is up. Checks count with the heartbeat: a site
    watched only by an HTTP check is up or down as its check is, and a check down while the
    heartbeats arrive makes the project down for its visitors."""
    if paused:
        return PublicState.PAUSED
    if in_maintenance:
        return PublicState.MAINTENANCE
    seen = set(states)
    for state, shown in (
        (MonitorState.DOWN, PublicState.DOWN),
        (MonitorState.UP, PublicState.UP),
        (MonitorState.PAUSED, PublicState.PAUSED),  # every monitor that was watching is paused
    ):
        if state in seen:
            return shown
    return PublicState.NEW


def overall_state(states: Iterable[PublicState]) -> PublicState:
    """A status page's headline from the states it shows (its projects' and their checks'):
    down if any is, else maintenance, else up; paused when every one watched is paused; new
    when nothing was heard yet."""
    seen = set(states)
    for state in (PublicState.DOWN, PublicState.MAINTENANCE, PublicState.UP, PublicState.PAUSED):
        if state in seen:
            return state
    return PublicState.NEW
