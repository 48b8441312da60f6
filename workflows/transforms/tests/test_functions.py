"""The library as JSONata functions in every expression."""

from __future__ import annotations

import pytest

import workflows.registry  # noqa: F401  (installs the functions, as every engine process does)
from workflows.expressions import ExpressionError, compile_expression, register_function
from workflows.transforms.functions import FUNCTIONS


def evaluate(source: str, data: object = None) -> object:
    return compile_expression(source).evaluate(data if data is not None else {})


def test_it_offers_address_functions() -> None:
    assert evaluate("$countryCode(c)", {"c": "FRA"}) == "FR"
    assert evaluate("$stateCode('Texas', 'US')") == "TX"
    assert evaluate("$postcode('sw1a1aa', 'GB')") == "SW1A 1AA"
    assert evaluate("$postcodeValid('1', 'DE')") is False
    assert evaluate("$addressLines([a, b], 10)", {"a": "12 Long Street", "b": "Apt 3"}) == [
        "12 Long",
        "Street",
        "Apt 3",
    ]
    assert evaluate("$standardiseAddress($).m3.CSCD", {"country": "nl", "lines": []}) == "NL"


def test_it_offers_money_functions() -> None:
    assert evaluate("$roundMoney(2.345, 'EUR')") == 2.34
    assert evaluate("$roundMoney(2.345, 'EUR', 'half_up')") == 2.35
    assert evaluate("$minorUnits('JPY')") == 0
    rates = [{"base": "EUR", "quote": "GBP", "rate": "0.85", "source": "ECB", "date": "2026-11-26"}]
    stamp = evaluate("$convertMoney(10, 'GBP', 'EUR', rates)", {"rates": rates})
    assert isinstance(stamp, dict)
    assert (stamp["amount"], stamp["currency"], stamp["source"]) == ("11.76", "EUR", "ECB")


def test_it_offers_status_and_enrichment_functions() -> None:
    table = {"rules": [{"target": "4", "when": {"lowestLine": {"min": 66}}, "shipped": True}]}
    decision = evaluate("$mapStatus(t, {'lowestLine': '66', 'delivered': true}, '3')", {"t": table})
    assert isinstance(decision, dict)
    assert decision["verdict"] == "move"
    rules = [{"when": {"country": "DE"}, "set": {"warehouse": "DE1"}}]
    assert evaluate("$enrich({'country': 'DE'}, r).warehouse", {"r": rules}) == "DE1"


def test_it_names_the_function_that_refused_its_input() -> None:
    with pytest.raises(ExpressionError, match=r"\$roundMoney: 'currency' must be"):
        evaluate("$roundMoney(1, 'EURO')")
    with pytest.raises(ExpressionError, match=r"\$convertMoney: No rate from EUR to USD"):
        evaluate("$convertMoney(1, 'EUR', 'USD', [])")


def test_it_registers_every_library_function() -> None:
    from workflows.expressions import registered_functions

    assert set(FUNCTIONS) <= set(registered_functions())


def test_it_refuses_to_shadow_a_builtin_or_take_a_bad_name() -> None:
    with pytest.raises(ValueError, match="not a valid"):
        register_function("has space", len)
    with pytest.raises(ValueError):
        register_function("sum", len)


def test_it_reaches_expressions_compiled_before_the_registration() -> None:
    expression = compile_expression("$lateAddition(2)")
    with pytest.raises(ExpressionError):
        expression.evaluate({})
    register_function("lateAddition", lambda value: value * 21)
    assert expression.evaluate({}) == 42


def test_it_offers_the_functions_to_mapping_nodes_in_a_run() -> None:
    from workflows.testing import document, edge, node, run_document

    flow = document(
        [
            node("start", "core.trigger.manual"),
            node("map", "core.jsonata.map", {"expression": "{'CSCD': $countryCode(country)}"}),
        ],
        [edge("start", "map")],
    )
    outcome, _, _ = run_document(flow, {"country": "Netherlands"})
    assert outcome.output == [{"CSCD": "NL"}]
