"""Typed errors raised by domain code. Each has a stable code; the API maps its kind to HTTP.

Domain code never raises HTTP exceptions: it raises these, and one middleware turns them into a
problem body `{"code", "message", "fields"}` with the status that fits the kind.
"""

from __future__ import annotations

from typing import ClassVar


class DomainError(Exception):
    kind: ClassVar[str] = "invalid"
    default_code: ClassVar[str] = "invalid_request"

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        fields: dict[str, str] | None = None,
        retry_after: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code or self.default_code
        self.fields = fields or {}
        self.retry_after = retry_after


class InvalidInput(DomainError):
    kind = "invalid"
    default_code = "invalid_request"


class ValidationFailed(DomainError):
    """The request is well-formed but its values break the rules; `fields` says which."""

    kind = "unprocessable"
    default_code = "validation_failed"


class UpstreamRejected(DomainError):
    """An outside platform refused a proof the client brought (a used phone code, a forged id
    token, a sign-in not started here): 403, the step is refused and must start again. Not 400:
    the request itself was well-formed."""

    kind = "forbidden"
    default_code = "upstream_rejected"


class Unauthenticated(DomainError):
    kind = "unauthenticated"
    default_code = "unauthenticated"


class Forbidden(DomainError):
    kind = "forbidden"
    default_code = "forbidden"


class NotFound(DomainError):
    kind = "not_found"
    default_code = "not_found"


class Conflict(DomainError):
    """The request is valid but the matter's current state does not allow it."""

    kind = "conflict"
    default_code = "conflict"


class TooLarge(DomainError):
    """What the client sent is over a size limit the rules set (413)."""

    kind = "too_large"
    default_code = "too_large"


class Gone(DomainError):
    """What the client refers to existed but is no longer valid (an expired link): 410."""

    kind = "gone"
    default_code = "gone"


class RateLimited(DomainError):
    kind = "rate_limited"
    default_code = "rate_limited"


class Unavailable(DomainError):
    """A service we depend on (database, Redis, WeChat) cannot answer now; retrying later helps."""

    kind = "unavailable"
    default_code = "service_unavailable"
