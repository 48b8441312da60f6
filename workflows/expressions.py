"""JSONata, behind one module so the engine can change engines without touching nodes.

API (stable): ``compile_expression(source) -> Expression`` (cached per source text),
``Expression.evaluate(data, bindings=None)``, ``ExpressionError`` with ``code``, ``position``
and a message naming the position, and ``check_syntax(source)`` for save-time validation.
``register_function(name, func)`` makes a Python function ``$name(...)`` in every expression.

The engine is jsonatapy (Rust). Every evaluation is bounded: wall time (``timeout_ms``, checked
by the engine between evaluation steps), recursion depth (``max_depth``) and the length of any
sequence built on the way (``MAX_SEQUENCE_LENGTH``, which stops a huge range before it is
allocated, the one thing the time check cannot interrupt). JSONata ``undefined`` comes back as
``None``; ``None`` passed as data means "no input at all".
"""

from __future__ import annotations

import json
import math
import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import jsonatapy

DEFAULT_TIMEOUT_MS = 1000
"""Wall-clock budget of one evaluation, in milliseconds."""
DEFAULT_MAX_DEPTH = 1000
"""Deepest nesting of evaluation (mostly recursive function calls) one evaluation may reach."""
MAX_SEQUENCE_LENGTH = 1_000_000
"""Longest sequence (range, map, filter result) one evaluation may build."""
_SAFE_INTEGER = 2**53
_POSITION_SCAN_LIMIT = 3000
"""Longest source whose every prefix is parsed when the quick search for a position fails."""
_TOKEN_REACH = 200
"""How far past the first failing prefix the offending token may end."""

_HOST_ERROR = re.compile(r"^host function raised \w+: ")
_FUNCTION_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_functions: dict[str, Callable[..., Any]] = {}
"""Python functions every expression may call, by name (without the ``$``)."""
_functions_version = 0
"""Bumped on each registration, so expressions compiled before it pick the function up."""
_CODE = re.compile(r"\b([A-Z]{1,2}\d{4})\b:\s*")
_ENGINE_POSITION = re.compile(r"\s+at position (\d+)$")
# Messages the engine raises without a code, given the reference implementation's code.
_UNCODED = {"Unclosed comment": "S0106"}
# Errors that the parser only notices when the text runs out, so the position is the end.
_AT_END_CODES = frozenset({"S0101", "S0105", "S0106"})


class ExpressionError(Exception):
    """A JSONata expression that does not parse or fails to evaluate.

    ``code`` is the JSONata error code (``S0201``, ``T2001``, ``D1012`` ...); ``position`` is the
    1-based character where the parser stopped, or None when the engine does not say;
    ``message`` reads "at character 14: ..." whenever the position is known.
    """

    def __init__(self, code: str, position: int | None, message: str) -> None:
        self.code = code
        self.position = position
        self.detail = message
        self.message = f"at character {position}: {message}" if position is not None else message
        super().__init__(self.message)

    def __reduce__(self) -> tuple[type[ExpressionError], tuple[str, int | None, str]]:
        # Rebuilt from all three arguments, so the error survives pickling (Celery results).
        return (ExpressionError, (self.code, self.position, self.detail))


COMPILED_PER_THREAD = 2048
"""Compiled forms each thread keeps (the least recently used go first)."""
_threads = threading.local()


def _thread_compiled() -> OrderedDict[str, tuple[jsonatapy.JsonataExpression, int]]:
    """This thread's compiled expressions by source, with the functions version each has."""
    cache: OrderedDict[str, tuple[jsonatapy.JsonataExpression, int]] | None = getattr(
        _threads, "compiled", None
    )
    if cache is None:
        cache = _threads.compiled = OrderedDict()
    return cache


class Expression:
    """A compiled expression; safe to share between threads and to evaluate many times.

    jsonatapy's compiled objects refuse to be used, or dropped, by any thread but their
    creator's (the engine reports an error and leaks them), so each thread compiles the source
    for itself, once, and keeps it in a cache of its own: an Expression going away never drops
    another thread's compiled object. Compiling takes well under a millisecond.
    """

    __slots__ = ("source",)

    def __init__(self, source: str, compiled: jsonatapy.JsonataExpression | None = None) -> None:
        self.source = source
        if compiled is not None:
            self._keep(compiled, -1)

    def _compiled(self) -> jsonatapy.JsonataExpression:
        cache = _thread_compiled()
        entry = cache.get(self.source)
        if entry is None:
            compiled, version = jsonatapy.compile(self.source), -1
        else:
            compiled, version = entry
            cache.move_to_end(self.source)
        if version != _functions_version:
            for name, func in list(_functions.items()):
                compiled.register(name, func)
        if entry is None or version != _functions_version:
            self._keep(compiled, _functions_version)
        return compiled

    def _keep(self, compiled: jsonatapy.JsonataExpression, version: int) -> None:
        cache = _thread_compiled()
        cache[self.source] = (compiled, version)
        cache.move_to_end(self.source)
        while len(cache) > COMPILED_PER_THREAD:
            cache.popitem(last=False)  # dropped here, by the thread that compiled it

    def evaluate(
        self,
        data: Any,
        bindings: dict[str, Any] | None = None,
        *,
        timeout_ms: int = DEFAULT_TIMEOUT_MS,
        max_depth: int = DEFAULT_MAX_DEPTH,
    ) -> Any:
        """The value of the expression for ``data`` with ``$name`` variables from ``bindings``.

        Returns None for JSONata undefined. Raises ExpressionError on any engine failure,
        including the time, depth and sequence-length bounds (codes D1012, D1011, D2015), and
        on data or bindings that are not JSON (a set, bytes, a date).
        """
        limits: dict[str, Any] = {
            "timeout": timeout_ms,
            "max_stack_depth": max_depth,
            "max_sequence_length": MAX_SEQUENCE_LENGTH,
        }
        try:
            compiled = self._compiled()
            if data is None:
                # Only the JSON-text entry point can tell the engine there is no input at all.
                text = compiled.evaluate_json_or_none(None, bindings, **limits)
                result = None if text is None else json.loads(text)
            else:
                result = compiled.evaluate(data, bindings, **limits)
        except ValueError as exc:
            raise _engine_error(str(exc), self.source, compiling=False) from None
        except (TypeError, OverflowError) as exc:
            # Raised while converting the input: a value JSON has no place for.
            raise ExpressionError("D0000", None, f"The input is not JSON data: {exc}") from None
        return _plain_json(result)


@lru_cache(maxsize=2048)
def compile_expression(source: str) -> Expression:
    """Parse ``source`` once; later calls with the same text return the same Expression.

    Raises ExpressionError (with the position) when the text is not valid JSONata.
    """
    try:
        compiled = jsonatapy.compile(source)
    except ValueError as exc:
        raise _engine_error(str(exc), source, compiling=True) from None
    return Expression(source, compiled)


def register_function(name: str, func: Callable[..., Any]) -> None:
    """Make ``func`` callable as ``$name(...)`` from every expression in this process.

    ``func`` gets the evaluated arguments as JSON values (None for undefined) and returns a
    JSON value; a ValueError it raises fails the evaluation with its message. Raises
    ValueError when ``name`` is not an identifier or is one of JSONata's built-ins.
    """
    global _functions_version
    if not _FUNCTION_NAME.match(name):
        raise ValueError(f"'{name}' is not a valid JSONata function name.")
    jsonatapy.compile("1").register(name, func)  # the engine refuses built-in names
    _functions[name] = func
    _functions_version += 1


def registered_functions() -> list[str]:
    """Names of the Python functions registered for every expression, sorted."""
    return sorted(_functions)


def check_syntax(source: str) -> ExpressionError | None:
    """The syntax error in ``source``, or None when it parses."""
    try:
        compile_expression(source)
    except ExpressionError as error:
        return error
    return None


def _split_message(raw: str, compiling: bool) -> tuple[str, str, int | None]:
    """(code, human text, position the engine gave) from an engine message."""
    text = _HOST_ERROR.sub("", raw.removeprefix("Parse error: "))
    position = None
    if found := _ENGINE_POSITION.search(text):
        position = int(found.group(1))
        text = text[: found.start()]
    if match := _CODE.search(text):
        return match.group(1), text[match.end() :], position
    fallback = "S0000" if compiling else "D0000"
    return _UNCODED.get(text, fallback), text, position


def _engine_error(raw: str, source: str, compiling: bool) -> ExpressionError:
    code, text, position = _split_message(raw, compiling)
    if compiling and position is None:
        position = _syntax_position(source, raw, code)
    return ExpressionError(code, position, text)


def _syntax_position(source: str, raw: str, code: str) -> int | None:
    """The character at which the parser gives up, found from prefixes of the source.

    The engine reports no positions, but its parser reads left to right: the shortest prefix
    that fails with the very same message ends at the offending token. A binary search finds
    where prefixes start failing for a reason other than running out of text; the token that
    failed ends shortly after. Where that shortcut misleads (a prefix cut inside a token can
    fail on its own, like ``1e`` of ``1e5``), every prefix is tried, for sources short enough.
    """
    if _fails_at_end(code, raw):
        return max(len(source), 1)
    failing = _first_failing_prefix(source)
    for end in range(failing, min(len(source), failing + _TOKEN_REACH) + 1):
        if _prefix_error(source, end) == raw:
            return end
    if len(source) > _POSITION_SCAN_LIMIT:
        return None
    return next(
        (end for end in range(1, len(source) + 1) if _prefix_error(source, end) == raw), None
    )


def _fails_at_end(code: str, raw: str) -> bool:
    """Whether the error only says the text ran out (an unclosed bracket, string, comment)."""
    return code in _AT_END_CODES or "end of expression" in raw


def _prefix_error(source: str, end: int) -> str | None:
    try:
        jsonatapy.compile(source[:end])
    except ValueError as exc:
        return str(exc)
    return None


def _first_failing_prefix(source: str) -> int:
    """Smallest prefix length failing for a reason other than its end (assumed monotonic)."""
    low, high = 1, len(source)
    while low < high:
        middle = (low + high) // 2
        error = _prefix_error(source, middle)
        if error is not None and not _fails_at_end(_split_message(error, True)[0], error):
            high = middle
        else:
            low = middle + 1
    return low


def _plain_json(value: Any) -> Any:
    """A copy of ``value`` with integral floats as ints, as JSON written by the reference reads.

    A copy, because the engine may hand back parts of the input itself. Raises ExpressionError
    D1001 for infinities and NaN, which JSON cannot carry.
    """
    kind = type(value)
    # Exact type checks first: this runs on every value of every result.
    if kind is str or kind is int or kind is bool or value is None:
        return value
    if kind is dict or isinstance(value, dict):
        return {key: _plain_json(item) for key, item in value.items()}
    if kind is list or isinstance(value, list):
        return [_plain_json(item) for item in value]
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ExpressionError("D1001", None, "Number out of range")
        if value.is_integer() and abs(value) < _SAFE_INTEGER:
            return int(value)
    return value
