"""Error Monitor SDK: heartbeats and error reports from Python programs.

    from error_monitor import ErrorMonitor

    monitor = ErrorMonitor(project_token="...", api_url="http://localhost:8000/api/v1")
    await monitor.send_heartbeat(version="1.0.0", additional_data={"env": "production"})
    try:
        ...
    except Exception as e:
        await monitor.send_error(e, context={"important": "data"})

Nothing here raises into the host program because of the monitor: reports are queued and a
background thread delivers them, with timeouts, retries and a bounded queue.
"""

from error_monitor._payload import SEVERITIES
from error_monitor._version import __version__
from error_monitor.capture import Capture
from error_monitor.client import DEFAULT_API_URL, ErrorMonitor
from error_monitor.delivery import Delivery, DeliveryStats, Outcome
from error_monitor.logging_handler import ErrorMonitorHandler

__all__ = [
    "DEFAULT_API_URL",
    "SEVERITIES",
    "Capture",
    "Delivery",
    "DeliveryStats",
    "ErrorMonitor",
    "ErrorMonitorHandler",
    "Outcome",
    "__version__",
]
