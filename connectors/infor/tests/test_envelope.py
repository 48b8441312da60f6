"""The v2 envelope and its errors, read from hand-written samples."""

from __future__ import annotations

import pytest

from connectors.infor.envelope import M3Error, check_envelope, parse_results
from connectors.infor.tests.samples import (
    CUSTOMER,
    CUSTOMER_NOT_FOUND,
    TOP_LEVEL_400,
    envelope,
    nok,
    ok,
)


def test_it_reads_records_as_trimmed_strings() -> None:
    [result] = parse_results(CUSTOMER, "CRS610MI", trim=True)
    assert result.first() == {"CUNO": "WEB0000001", "CUNM": "Jane Doe", "STAT": "20"}
    assert result.error is None


def test_it_keeps_padding_when_trimming_is_off() -> None:
    [result] = parse_results(CUSTOMER, "CRS610MI", trim=False)
    assert result.first()["CUNM"] == "Jane Doe  "


def test_it_reads_an_error_on_a_200_into_typed_fields() -> None:
    [result] = parse_results(CUSTOMER_NOT_FOUND, "CRS610MI", trim=True)
    assert isinstance(result.error, M3Error)
    assert result.error.error_code == "WCU0203"
    assert result.error.error_field == "CUNO"
    assert result.error.error_type == "ServerReturnedNOK"
    assert result.error.error_message == "Customer WEB9999999 does not exist"
    assert not result.error.transient
    with pytest.raises(M3Error, match="WCU0203"):
        result.raise_for_error()


def test_it_reads_a_top_level_error_on_a_400() -> None:
    with pytest.raises(M3Error) as caught:
        check_envelope(TOP_LEVEL_400, "CRS610MI", "GetBasicData", 400)
    assert caught.value.error_code == "XIM0002"
    assert caught.value.error_field == "CUNO"
    assert caught.value.http_status == 400


def test_it_treats_was_terminated_given_as_the_string_false_as_false() -> None:
    check_envelope(envelope(ok("LstPartnerMedia"), terminated="false"), "CRS610MI", "X", 200)


def test_it_treats_a_terminated_job_without_a_reason_per_result_as_transient() -> None:
    body = {**envelope(), "wasTerminated": True, "terminationReason": "Job stopped"}
    with pytest.raises(M3Error) as caught:
        check_envelope(body, "OIS100MI", "(bulk)", 200)
    assert caught.value.transient
    assert caught.value.error_message == "Job stopped"


def test_it_classifies_configured_codes_as_transient() -> None:
    body = envelope(nok("AddBatchLine", "Record is locked", code="XLK0001"))
    [result] = parse_results(body, "OIS100MI", True, frozenset({"XLK0001"}))
    assert result.error is not None
    assert result.error.transient


def test_it_keeps_bulk_results_in_request_order_with_their_own_errors() -> None:
    body = envelope(
        ok("AddBatchLine", {"PONR": "1"}),
        nok("AddBatchLine", "Item SKU-99999 does not exist", "MMA0103", "ITNO"),
        ok("AddBatchLine", {"PONR": "3"}),
    )
    results = parse_results(body, "OIS100MI", trim=True)
    assert [r.error is None for r in results] == [True, False, True]
    assert results[2].first() == {"PONR": "3"}
    assert results[1].error is not None
    assert results[1].error.error_field == "ITNO"


def test_it_complains_about_a_400_that_says_nothing() -> None:
    with pytest.raises(M3Error, match="without saying why"):
        check_envelope({"results": []}, "CRS610MI", "GetBasicData", 400)
