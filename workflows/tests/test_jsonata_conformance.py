"""The JSONata reference cases, run through workflows.expressions and nothing else.

The cases live outside the repository (``../shared/fixtures/jsonata-test-suite`` beside the
clone, or wherever ``FERRY_JSONATA_SUITE`` points). Each failure must be listed with its reason
in ``jsonata_known_failures.json``, so a regression in the engine or in our wrapper shows at once.
"""

from __future__ import annotations

import json
import math
import os
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from workflows.expressions import (
    DEFAULT_MAX_DEPTH,
    DEFAULT_TIMEOUT_MS,
    ExpressionError,
    compile_expression,
)

MINIMUM_PASS_RATE = 0.98
KNOWN_FAILURES = Path(__file__).with_name("jsonata_known_failures.json")


def suite_directory() -> Path:
    configured = os.environ.get("FERRY_JSONATA_SUITE")
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parents[2].parent / "shared" / "fixtures" / "jsonata-test-suite"


@dataclass(frozen=True)
class Case:
    case_id: str
    spec: dict[str, Any]
    folder: Path


def load_cases(suite: Path) -> list[Case]:
    cases = []
    for path in sorted((suite / "groups").glob("*/*.json")):
        content = json.loads(path.read_text(encoding="utf-8"))
        name = f"{path.parent.name}/{path.stem}"
        if isinstance(content, list):
            cases += [Case(f"{name}#{i}", spec, path.parent) for i, spec in enumerate(content)]
        else:
            cases.append(Case(name, content, path.parent))
    return cases


def same_value(actual: Any, expected: Any) -> bool:
    """JSON equality with numbers compared to a relative tolerance of 1e-9."""
    if isinstance(actual, bool) or isinstance(expected, bool):
        return actual is expected
    if isinstance(actual, int | float) and isinstance(expected, int | float):
        return math.isclose(actual, expected, rel_tol=1e-9)
    if isinstance(actual, list) and isinstance(expected, list):
        return len(actual) == len(expected) and all(map(same_value, actual, expected))
    if isinstance(actual, dict) and isinstance(expected, dict):
        return actual.keys() == expected.keys() and all(
            same_value(actual[key], expected[key]) for key in actual
        )
    return bool(actual == expected)


def same_members(actual: Any, expected: list[Any]) -> bool:
    if not isinstance(actual, list) or len(actual) != len(expected):
        return False
    left = list(expected)
    for value in actual:
        match = next((i for i, other in enumerate(left) if same_value(value, other)), None)
        if match is None:
            return False
        left.pop(match)
    return True


def case_input(case: Case, suite: Path) -> Any:
    if "data" in case.spec:
        return case.spec["data"]
    dataset = case.spec.get("dataset")
    if dataset is None:
        return None
    return json.loads((suite / "datasets" / f"{dataset}.json").read_text(encoding="utf-8"))


def run_case(case: Case, suite: Path) -> str | None:
    """None when the case passes, else what went wrong."""
    spec = case.spec
    source = spec.get("expr")
    if source is None:
        source = (case.folder / spec["expr-file"]).read_text(encoding="utf-8")
    expected_code = spec.get("code") or (spec.get("error") or {}).get("code")
    try:
        result = compile_expression(source).evaluate(
            case_input(case, suite),
            spec.get("bindings") or None,
            timeout_ms=spec.get("timelimit", DEFAULT_TIMEOUT_MS),
            max_depth=spec.get("depth", DEFAULT_MAX_DEPTH),
        )
    except ExpressionError as error:
        if expected_code and expected_code in error.code:
            return None
        return f"raised {error.code}: {error.message}"
    if expected_code:
        return f"expected error {expected_code}, got {result!r:.80}"
    if spec.get("undefinedResult"):
        return None if result is None else f"expected undefined, got {result!r:.80}"
    expected = spec["result"]
    passed = (
        same_members(result, expected)
        if spec.get("unordered") and isinstance(expected, list)
        else same_value(result, expected)
    )
    return None if passed else f"expected {expected!r:.80}, got {result!r:.80}"


def test_it_compares_numbers_with_a_relative_tolerance() -> None:
    assert same_value({"a": [0.1 + 0.2]}, {"a": [0.3]})
    assert not same_value({"a": [0.31]}, {"a": [0.3]})
    assert not same_value(1, True)
    assert same_members([2, 1], [1, 2])
    assert not same_members([2, 2], [1, 2])


def test_it_passes_the_reference_cases_except_the_known_failures() -> None:
    suite = suite_directory()
    if not (suite / "groups").is_dir():
        pytest.skip(
            f"The JSONata reference cases live outside the repository and are not at {suite}; "
            "set FERRY_JSONATA_SUITE to their folder to run them."
        )
    known: dict[str, str] = json.loads(KNOWN_FAILURES.read_text(encoding="utf-8"))
    cases = load_cases(suite)
    failures = {case.case_id: why for case in cases if (why := run_case(case, suite))}

    newly_passing = sorted(set(known) - set(failures))
    if newly_passing:
        warnings.warn(
            f"JSONata cases now passing, remove them from {KNOWN_FAILURES.name}: {newly_passing}",
            stacklevel=1,
        )
    unexpected = {case_id: why for case_id, why in failures.items() if case_id not in known}
    assert not unexpected, f"JSONata cases failing that are not known failures: {unexpected}"
    pass_rate = 1 - len(failures) / len(cases)
    assert pass_rate >= MINIMUM_PASS_RATE, f"pass rate {pass_rate:.1%} of {len(cases)} cases"
