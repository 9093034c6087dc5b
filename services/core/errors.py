"""One root error with a subclass per domain; adapters map them to HTTP answers or bot replies."""


class AppError(Exception):
    """A failure the caller can explain to a user. `code` names it for translated answers
    (the bot shows the `error-<code>` message); the text is for logs, the API and the CLI."""

    def __init__(self, message: str, code: str = "generic") -> None:
        super().__init__(message)
        self.code = code


class InvalidInput(AppError):
    """The request or command is malformed; the message names the field."""


class UnknownToken(AppError):
    """No project has this token."""


class ProjectDisabled(AppError):
    """The project exists but `is_active` is off."""


class NotFound(AppError):
    """The named object does not exist."""


class Conflict(AppError):
    """The object already exists (a duplicate name, for instance)."""


class AccessDenied(AppError):
    """The person may not do this with this project (or it does not exist: we do not say)."""


class ApiKeyRefused(AppError):
    """A management API key that is unknown, revoked, or whose maker lost the right to it
    (services/accounts/api_keys.py)."""


class OriginRefused(AppError):
    """A browser on an origin the project does not allow (its allowed origins)."""


class InvalidInvite(AppError):
    """The invite code is unknown, used up, expired or revoked."""


class RateLimited(AppError):
    """The project sent more than its limit; try again after `retry_after` seconds."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message, "rate-limited")
        self.retry_after = retry_after


class Overloaded(AppError):
    """More requests of all projects wait for the database than the app holds; nothing was
    stored, try again after `retry_after` seconds."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message, "overloaded")
        self.retry_after = retry_after


class BodyTooLarge(AppError):
    """The request's body, inflated, is larger than MAX_BODY_BYTES."""


class UnsupportedEncoding(AppError):
    """The request's body is in a Content-Encoding the app does not decode; `accepted` names the
    ones it does (for the answer's Accept-Encoding, RFC 7694)."""

    def __init__(self, message: str, accepted: str) -> None:
        super().__init__(message)
        self.accepted = accepted
