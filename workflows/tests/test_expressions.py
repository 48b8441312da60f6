"""The JSONata module: compiling, evaluating, error positions and the evaluation bounds."""

from __future__ import annotations

import pickle
import threading
from typing import Any

import pytest

from workflows.expressions import ExpressionError, check_syntax, compile_expression


def test_it_evaluates_with_data_and_bindings() -> None:
    expression = compile_expression("reference & '-' & $suffix")

    assert expression.evaluate({"reference": "XKBKNABJK"}, {"suffix": "M3"}) == "XKBKNABJK-M3"


def test_it_compiles_each_source_text_once() -> None:
    assert compile_expression("a.b") is compile_expression("a.b")


def test_it_returns_none_for_undefined() -> None:
    assert compile_expression("missing.field").evaluate({"present": 1}) is None


def test_it_treats_none_data_as_no_input() -> None:
    # With no input the context is undefined, so $string() has nothing to convert.
    assert compile_expression("$string()").evaluate(None) is None
    assert compile_expression("$string()").evaluate({}) == "{}"


def test_it_returns_integral_numbers_as_int() -> None:
    result = compile_expression("[a, b * 2, c]").evaluate({"a": 2.0, "b": 1.5, "c": 0.25})

    assert result == [2, 3, 0.25]
    assert [type(value) for value in result] == [int, int, float]


def test_it_reports_a_syntax_error_with_its_position() -> None:
    error = check_syntax("order.total foo")

    assert error is not None
    assert error.code == "S0201"
    assert error.position == 15
    assert error.message.startswith("at character 15: ")


def test_it_finds_the_position_in_a_long_expression() -> None:
    source = " + ".join(f"rows[{index}].price" for index in range(300)) + " total"

    error = check_syntax(source)

    assert error is not None
    assert error.position == len(source)
    assert len(source) > 4000


def test_it_puts_errors_found_at_the_end_of_the_text_at_the_last_character() -> None:
    error = check_syntax("$sum(order.rows.price")

    assert error is not None
    assert error.code == "S0203"
    assert error.position == len("$sum(order.rows.price")


def test_it_accepts_valid_syntax() -> None:
    assert check_syntax("$sum(rows.(quantity * price))") is None


def test_it_raises_the_engine_code_on_evaluation_errors() -> None:
    with pytest.raises(ExpressionError) as caught:
        compile_expression("'a' + 1").evaluate({})

    assert caught.value.code == "T2001"
    assert "left side of the + operator" in caught.value.message


def test_it_stops_an_endless_loop_at_the_time_limit() -> None:
    endless = compile_expression("($loop := function(){$loop()}; $loop())")

    with pytest.raises(ExpressionError) as caught:
        endless.evaluate(None, timeout_ms=50, max_depth=100_000_000)

    assert caught.value.code in {"D1011", "D1012", "U1001"}


def test_it_stops_deep_recursion() -> None:
    deep = compile_expression("($down := function($n){$n = 0 ? 0 : 1 + $down($n - 1)}; $down(500))")

    with pytest.raises(ExpressionError) as caught:
        deep.evaluate(None, max_depth=50)

    assert caught.value.code == "D1011"


def test_it_refuses_to_build_huge_sequences() -> None:
    with pytest.raises(ExpressionError) as caught:
        compile_expression("$count([1..10000000])").evaluate(None)

    assert caught.value.code == "D2015"


def test_it_refuses_numbers_json_cannot_carry() -> None:
    with pytest.raises(ExpressionError) as caught:
        compile_expression("1 / 0").evaluate({})

    assert caught.value.code == "D1001"


def test_it_refuses_data_that_is_not_json() -> None:
    with pytest.raises(ExpressionError) as caught:
        compile_expression("a").evaluate({"a": {1, 2}})

    assert "not JSON data" in caught.value.message


def test_it_evaluates_one_expression_from_many_threads() -> None:
    expression = compile_expression("$sum(values) * factor")
    results: dict[int, Any] = {}

    def evaluate(number: int) -> None:
        results[number] = expression.evaluate({"values": [number, 1], "factor": 2})

    threads = [threading.Thread(target=evaluate, args=(number,)) for number in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert results == {0: 2, 1: 4, 2: 6, 3: 8}


def test_it_returns_results_that_share_nothing_with_the_input() -> None:
    data = {"order": {"rows": [1, 2]}}

    result = compile_expression("$").evaluate(data)
    result["order"]["rows"].append(3)

    assert data == {"order": {"rows": [1, 2]}}


def test_it_keeps_error_details_through_pickling() -> None:
    error = check_syntax("a b")
    assert error is not None

    copied = pickle.loads(pickle.dumps(error))

    assert (copied.code, copied.position, copied.message) == ("S0201", 3, error.message)
