"""Ready-to-paste snippets that point a project at this server."""

from urllib.parse import urlsplit

from models import Project


def api_base(public_url: str) -> str:
    return f"{public_url.rstrip('/')}/api/v1"


def curl_heartbeat(project: Project, public_url: str) -> str:
    return (
        f"curl -X POST {api_base(public_url)}/heartbeat \\\n"
        f"  -H 'Content-Type: application/json' \\\n"
        f'  -d \'{{"project_token": "{project.token}", "status": "alive"}}\''
    )


def curl_error(project: Project, public_url: str) -> str:
    return (
        f"curl -X POST {api_base(public_url)}/log \\\n"
        f"  -H 'Content-Type: application/json' \\\n"
        f'  -d \'{{"project_token": "{project.token}", '
        f'"error": {{"type": "Exception", "message": "Something broke"}}}}\''
    )


def python_sdk(project: Project, public_url: str) -> str:
    return (
        "from error_monitor import ErrorMonitor\n\n"
        f'monitor = ErrorMonitor(project_token="{project.token}", '
        f'api_url="{api_base(public_url)}")\n'
        'await monitor.send_heartbeat(version="1.0.0")'
    )


def sentry_dsn(project: Project, public_url: str) -> str:
    """The DSN any official Sentry SDK takes: the token is the key, the id the project."""
    parts = urlsplit(public_url.rstrip("/"))
    return f"{parts.scheme}://{project.token}@{parts.netloc}{parts.path}/{project.id}"


def ping_url(project: Project, public_url: str) -> str:
    return f"{public_url.rstrip('/')}/ping/{project.token}"


def crontab(project: Project, public_url: str) -> str:
    url = ping_url(project, public_url)
    return (
        f"# the job's exit code decides: 0 is success, anything else an alert\n"
        f"*/15 * * * * /path/to/job.sh; curl -fsS -m 10 --retry 5 -o /dev/null {url}/$?"
    )


def all_snippets(project: Project, public_url: str) -> dict[str, str]:
    return {
        "curl_heartbeat": curl_heartbeat(project, public_url),
        "curl_error": curl_error(project, public_url),
        "python": python_sdk(project, public_url),
        "sentry_dsn": sentry_dsn(project, public_url),
        "ping_url": ping_url(project, public_url),
        "crontab": crontab(project, public_url),
    }
