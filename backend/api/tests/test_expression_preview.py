"""The designer's live preview evaluates JSONata with the engine runs use, errors with positions."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

URL = "/api/v1/expressions/evaluate"


def test_it_evaluates_an_expression_on_sample_data(api: APIClient) -> None:
    answer = api.post(
        URL,
        {
            "expression": "{'ref': order.reference, 'n': $count(order.lines)}",
            "data": {"order": {"reference": "XKBKNABJK", "lines": [1, 2]}},
        },
        format="json",
    )

    assert answer.status_code == 200
    assert answer.json() == {"result": {"ref": "XKBKNABJK", "n": 2}}


def test_it_gives_no_result_for_an_undefined_path(api: APIClient) -> None:
    answer = api.post(URL, {"expression": "missing.field", "data": {"a": 1}}, format="json")

    assert answer.json() == {"result": None}


def test_it_passes_bindings_as_variables(api: APIClient) -> None:
    answer = api.post(
        URL,
        {
            "expression": "$trigger.id & '-' & x",
            "data": {"x": "b"},
            "bindings": {"trigger": {"id": "a"}},
        },
        format="json",
    )

    assert answer.json() == {"result": "a-b"}


def test_it_reports_a_syntax_error_with_its_position(api: APIClient) -> None:
    answer = api.post(URL, {"expression": "{'a': }", "data": {}}, format="json")

    body = answer.json()
    assert answer.status_code == 400
    assert answer["Content-Type"] == "application/problem+json"
    assert isinstance(body["position"], int)
    assert f"at character {body['position']}" in body["detail"]
    assert body["problems"][0]["field"] == "expression"


def test_it_refuses_a_request_without_an_expression(api: APIClient) -> None:
    answer = api.post(URL, {"data": {}}, format="json")

    assert answer.status_code == 400
    assert answer.json()["problems"][0]["field"] == "expression"


def test_it_requires_a_signed_in_user(anonymous: APIClient) -> None:
    answer = anonymous.post(URL, {"expression": "1", "data": {}}, format="json")

    assert answer.status_code in (401, 403)
