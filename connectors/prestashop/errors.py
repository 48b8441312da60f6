"""Typed PrestaShop failures, classified by the Webservice's own error codes, and their NodeError.

PrestaShop reports the meaningful error in the first ``<error>`` of the body; the HTTP status is
unreliable (a bad filter gives 500 on PHP 8 because PHP warnings are appended). So the class is
chosen from the first code, and the status only decides when there is no code at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from workflows.sdk import ErrorClass, NodeError


@dataclass(frozen=True)
class WebserviceMessage:
    """One ``<error>`` of a PrestaShop error body."""

    code: int
    message: str


class PrestaShopError(Exception):
    """Base of every failure the client raises; ``fix`` is one sentence telling what to do."""

    node_code = "prestashop.error"
    error_class = ErrorClass.BUG
    retryable = False

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        errors: tuple[WebserviceMessage, ...] = (),
        field: str | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.errors = errors
        self.field = field
        self.retry_after = retry_after

    @property
    def code(self) -> int | None:
        """PrestaShop's first error code, the one that says what went wrong."""
        return self.errors[0].code if self.errors else None


class AuthenticationError(PrestaShopError):
    """No key, a key of the wrong format, or a key the shop does not know or has disabled."""

    node_code = "prestashop.auth"
    error_class = ErrorClass.AUTH


class PermissionDeniedError(PrestaShopError):
    """The key is valid but lacks the resource or method (codes 25, 26, 132)."""

    node_code = "prestashop.permission"
    error_class = ErrorClass.AUTH


class WebserviceDisabledError(PrestaShopError):
    """The shop has its Webservice switched off (code 22)."""

    node_code = "prestashop.disabled"
    error_class = ErrorClass.AUTH


class MethodNotAllowedError(PrestaShopError):
    """The resource never accepts this method (codes 23 and 101), e.g. PATCH on 1.7."""

    node_code = "prestashop.method"
    error_class = ErrorClass.VALIDATION


class NotFoundError(PrestaShopError):
    """The id does not exist (404 with an empty body, codes 87, 92, 131)."""

    node_code = "prestashop.not_found"
    error_class = ErrorClass.NOT_FOUND


class ValidationError(PrestaShopError):
    """The shop refused the data written; ``field`` names the field when PrestaShop does."""

    node_code = "prestashop.validation"
    error_class = ErrorClass.VALIDATION


class QueryError(ValidationError):
    """A bad resource name, filter, sort, display, limit or language (codes 27-39, 78-81)."""

    node_code = "prestashop.query"


class TransientError(PrestaShopError):
    """A failure a later attempt may not see: 5xx that are not query errors, 429, 503."""

    node_code = "prestashop.unavailable"
    error_class = ErrorClass.CONNECTION
    retryable = True


class RateLimitedError(TransientError):
    """The host (a WAF or CDN; PrestaShop has no rate limit) answered 429."""

    node_code = "prestashop.rate_limited"
    error_class = ErrorClass.RATE_LIMIT


class ShopTimeoutError(TransientError):
    """The shop did not answer in time."""

    node_code = "prestashop.timeout"
    error_class = ErrorClass.TIMEOUT


class ShopUnreachableError(TransientError):
    """No connection could be made (DNS, refused, TLS)."""

    node_code = "prestashop.connection"


class NotAPrestaShopError(PrestaShopError):
    """The URL answered, but not with the PrestaShop Webservice."""

    node_code = "prestashop.not_a_shop"
    error_class = ErrorClass.VALIDATION


class ResponseFormatError(PrestaShopError):
    """The shop answered something the client cannot read (neither JSON nor XML)."""

    node_code = "prestashop.bad_response"
    error_class = ErrorClass.CONNECTION
    retryable = True


AUTH_CODES = frozenset({16, 17, 18, 20, 21})
PERMISSION_CODES = frozenset({25, 26, 132})
METHOD_CODES = frozenset({23, 101})
NOT_FOUND_CODES = frozenset({87, 92, 131})
QUERY_CODES = frozenset({27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 78, 79, 80, 81})
VALIDATION_CODES = frozenset({41, 84, 85, 86, 89, 90, 91, 93, 123, 127})
SHOP_CONTEXT_CODES = frozenset({999})
PHP_WARNING_CODES = frozenset(range(2, 16))

_FIELD_PATTERNS = (
    re.compile(r'parameter "(?P<field>[a-z_0-9]+)"'),
    re.compile(r"Property \w+->(?P<field>[a-z_0-9]+)"),
    re.compile(r'field "(?P<field>[a-z_0-9]+)"'),
)


def field_of(message: str) -> str | None:
    """The field PrestaShop names in a validation message, if any."""
    for pattern in _FIELD_PATTERNS:
        match = pattern.search(message)
        if match:
            return match.group("field")
    return None


def classify(
    status: int, errors: tuple[WebserviceMessage, ...], retry_after: float | None = None
) -> PrestaShopError:
    """The exception for an error response, chosen by first error code, then by status."""
    meaningful = [e for e in errors if e.code not in PHP_WARNING_CODES]
    first = meaningful[0] if meaningful else (errors[0] if errors else None)
    code = first.code if first else None
    text = first.message if first else f"HTTP {status}"
    ordered = (first, *[e for e in errors if e is not first]) if first else errors
    if code in AUTH_CODES or (code is None and status == 401):
        return AuthenticationError(
            _sentence(_AUTH_FIX, text), status=status, errors=ordered, retry_after=retry_after
        )
    if code in PERMISSION_CODES:
        return PermissionDeniedError(
            _sentence(_PERMISSION_FIX, text), status=status, errors=ordered, retry_after=retry_after
        )
    if code == 22:
        return WebserviceDisabledError(
            _sentence(_DISABLED_FIX, text), status=status, errors=ordered, retry_after=retry_after
        )
    if code in SHOP_CONTEXT_CODES:
        return ValidationError(
            _sentence(_SHOP_FIX, text),
            field="shopId",
            status=status,
            errors=ordered,
            retry_after=retry_after,
        )
    if code in METHOD_CODES:
        return MethodNotAllowedError(text, status=status, errors=ordered, retry_after=retry_after)
    if code in NOT_FOUND_CODES or (code is None and status == 404):
        return NotFoundError(
            text if code else "Not found.", status=status, errors=ordered, retry_after=retry_after
        )
    if code in QUERY_CODES:
        return QueryError(
            text, field=_query_field(text), status=status, errors=ordered, retry_after=retry_after
        )
    if code in VALIDATION_CODES:
        return ValidationError(
            text, field=field_of(text), status=status, errors=ordered, retry_after=retry_after
        )
    if status == 429:
        return RateLimitedError(
            f"The shop's host is rate limiting: {text}",
            status=status,
            errors=ordered,
            retry_after=retry_after,
        )
    if status >= 500 or status in (408, 425):
        return TransientError(
            f"The shop failed (HTTP {status}): {text}",
            status=status,
            errors=ordered,
            retry_after=retry_after,
        )
    return ValidationError(text, status=status, errors=ordered, retry_after=retry_after)


def _query_field(message: str) -> str | None:
    for key in ("filter", "display", "sort", "limit", "language", "schema"):
        if key in message.lower():
            return key
    return None


def _sentence(fix: str, detail: str) -> str:
    return f"{fix} (PrestaShop said: {detail})"


_AUTH_FIX = (
    "The shop rejected the API key: copy the 32-character key from Advanced Parameters > "
    "Webservice in the shop's back office and make sure it is enabled"
)
_PERMISSION_FIX = (
    "The API key lacks a permission: tick the missing resource and method for this key in "
    "Advanced Parameters > Webservice"
)
_DISABLED_FIX = (
    "The shop's Webservice is switched off: enable it in Advanced Parameters > Webservice"
)
_SHOP_FIX = (
    "The connection's shop id is not a shop of this PrestaShop: set Shop id to a shop listed in "
    "Advanced Parameters > Multistore, or leave it empty"
)


def to_node_error(error: PrestaShopError) -> NodeError:
    """The one translation from a client failure to what a node run step shows."""
    details: dict[str, object] = {"status": error.status}
    if error.errors:
        details["prestashopCode"] = error.errors[0].code
        details["prestashopErrors"] = [{"code": e.code, "message": e.message} for e in error.errors]
    return NodeError(
        error.node_code,
        error.message,
        retryable=error.retryable,
        error_class=error.error_class,
        field=error.field,
        details=details,
        retry_after=error.retry_after,
    )
