"""Turns every Infor failure into the one NodeError shape the engine understands."""

from __future__ import annotations

from connectors.infor.envelope import M3_VALIDATION_TYPES, M3Error
from connectors.infor.gateway import GatewayError
from connectors.infor.ionapi import IonApiFileError
from connectors.infor.oauth import OAuthError
from workflows.sdk import ErrorClass, NodeError

InforFailure = GatewayError | OAuthError | M3Error | IonApiFileError

_GATEWAY_CLASSES = {
    401: ErrorClass.AUTH,
    403: ErrorClass.AUTH,
    404: ErrorClass.NOT_FOUND,
    405: ErrorClass.BUG,
    429: ErrorClass.RATE_LIMIT,
    504: ErrorClass.TIMEOUT,
}
_KIND_CLASSES = {
    "timeout": ErrorClass.TIMEOUT,
    "connection": ErrorClass.CONNECTION,
    "budget": ErrorClass.RATE_LIMIT,
}


def to_node_error(exc: InforFailure) -> NodeError:
    """The NodeError for an Infor failure: code, class, retryability and the M3 fields."""
    if isinstance(exc, M3Error):
        return _from_m3(exc)
    if isinstance(exc, GatewayError):
        return _from_gateway(exc)
    if isinstance(exc, OAuthError):
        return NodeError(
            f"infor.oauth.{exc.error or exc.status or 'unreachable'}",
            exc.message,
            retryable=exc.transient,
            error_class=ErrorClass.CONNECTION if exc.transient else ErrorClass.AUTH,
            # The API call waits for its token, so it was never sent.
            details={"status": exc.status, "error": exc.error, "requestSent": False},
        )
    return NodeError(
        "infor.credentials.invalid",
        exc.message,
        error_class=ErrorClass.VALIDATION,
        field="ionapi",
        details={"missing": list(exc.missing)},
    )


def describe(exc: InforFailure) -> str:
    """One sentence for people (the connection test, logs)."""
    return exc.summary() if isinstance(exc, M3Error) else exc.message


def _from_gateway(exc: GatewayError) -> NodeError:
    if exc.status is not None:
        code = f"infor.gateway.status_{exc.status}"
        error_class = _GATEWAY_CLASSES.get(
            exc.status, ErrorClass.CONNECTION if exc.transient else ErrorClass.BUG
        )
    else:
        code = f"infor.gateway.{exc.kind}"
        error_class = _KIND_CLASSES.get(exc.kind, ErrorClass.CONNECTION)
    return NodeError(
        code,
        exc.message,
        retryable=exc.transient,
        error_class=error_class,
        details=_gateway_details(exc),
        retry_after=exc.retry_after,
    )


def _gateway_details(exc: GatewayError) -> dict[str, object]:
    # A status means the gateway answered: the outcome is known. Without one (timeout, lost
    # connection) only ``requestSent`` says whether the target may have acted.
    details: dict[str, object] = {"requestSent": exc.request_sent}
    if exc.status is not None:
        details["status"] = exc.status
    return details


def _from_m3(exc: M3Error) -> NodeError:
    if exc.transient:
        error_class = ErrorClass.CONNECTION
    elif exc.error_type in M3_VALIDATION_TYPES:
        error_class = ErrorClass.VALIDATION
    elif exc.error_type == "TransactionNotFound":
        error_class = ErrorClass.BUG
    elif exc.error_code.startswith("XAU"):
        error_class = ErrorClass.AUTH
    else:
        error_class = ErrorClass.VALIDATION
    code = "infor.m3." + (exc.error_code or exc.error_type or "error")
    return NodeError(
        code,
        exc.summary(),
        retryable=exc.transient,
        error_class=error_class,
        field=exc.error_field or None,
        # M3 answered, so the refusal is certain (the status is what the gateway returned).
        details={**exc.to_json(), "status": exc.http_status or 200},
    )
