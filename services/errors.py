"""One root error with a subclass per domain; adapters map them to HTTP answers or bot replies."""


class AppError(Exception):
    """A failure the caller can explain to a user."""


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
