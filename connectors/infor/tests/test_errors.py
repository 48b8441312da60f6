"""Every Infor failure becomes one NodeError with the right code, class and retryability."""

from __future__ import annotations

from connectors.infor.envelope import M3Error
from connectors.infor.errors import to_node_error
from connectors.infor.gateway import GatewayError
from connectors.infor.ionapi import IonApiFileError
from connectors.infor.oauth import OAuthError
from workflows.sdk import ErrorClass
from workflows.sdk.effects import possibly_sent


def test_it_keeps_the_m3_fields_and_names_the_field_at_fault() -> None:
    error = to_node_error(
        M3Error(
            "OIS100MI",
            "AddBatchHead",
            error_message="Field CUNO is mandatory",
            error_code="WCU0102",
            error_field="CUNO",
            error_type="MandatoryInputFieldNotFound",
        )
    )
    assert error.code == "infor.m3.WCU0102"
    assert error.field == "CUNO"
    assert error.error_class == ErrorClass.VALIDATION
    assert not error.retryable
    assert error.details["errorType"] == "MandatoryInputFieldNotFound"


def test_it_makes_a_transient_m3_error_retryable() -> None:
    error = to_node_error(M3Error("OIS100MI", "(bulk)", error_type="Terminated", transient=True))
    assert error.retryable
    assert error.code == "infor.m3.Terminated"


def test_it_classes_company_authorisation_errors_as_auth() -> None:
    error = to_node_error(M3Error("CRS610MI", "Get", error_code="XAU0008", error_field="CONO"))
    assert error.error_class == ErrorClass.AUTH


def test_it_carries_the_gateways_retry_after() -> None:
    error = to_node_error(GatewayError("quota", status=429, transient=True, retry_after=12.0))
    assert error.code == "infor.gateway.status_429"
    assert error.error_class == ErrorClass.RATE_LIMIT
    assert error.retryable
    assert error.retry_after == 12.0


def test_it_tells_the_engine_when_a_request_never_left() -> None:
    error = to_node_error(
        GatewayError("budget", status=None, transient=True, request_sent=False, kind="budget")
    )
    assert error.code == "infor.gateway.budget"
    assert error.details["requestSent"] is False


def test_it_makes_a_refused_grant_a_permanent_auth_error() -> None:
    error = to_node_error(OAuthError("no", status=400, error="invalid_grant"))
    assert error.code == "infor.oauth.invalid_grant"
    assert error.error_class == ErrorClass.AUTH
    assert not error.retryable


def test_it_points_a_bad_file_at_the_ionapi_field() -> None:
    error = to_node_error(IonApiFileError("lacks ti", ("ti",)))
    assert error.field == "ionapi"
    assert error.details == {"missing": ["ti"]}


def test_it_tells_the_effect_ledger_which_failures_may_have_landed() -> None:
    lost = GatewayError("late", status=None, transient=True, kind="timeout")
    answered = GatewayError("busy", status=503, transient=True)
    refused = M3Error("OIS100MI", "Confirm", error_message="No", error_code="X")
    assert possibly_sent(to_node_error(lost))
    assert not possibly_sent(to_node_error(answered))
    assert not possibly_sent(to_node_error(refused))
    assert not possibly_sent(to_node_error(OAuthError("down", transient=True)))
