"""Compiled expressions belong to the thread that compiled them, and are dropped there too."""

from __future__ import annotations

import gc
import sys
import threading
from typing import Any

import pytest

from workflows.expressions import compile_expression


def test_an_expression_used_by_many_threads_is_dropped_without_engine_errors(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The engine's compiled objects refuse to be dropped by another thread (it leaks them and
    reports an error), so dropping an expression after several threads used it must leave each
    thread's compiled object to its own thread."""
    unraisable: list[Any] = []
    monkeypatch.setattr(sys, "unraisablehook", unraisable.append)
    source = "$sum(lines.price) * 2 + 1"  # a text no other test compiles
    compile_expression.cache_clear()
    held = [compile_expression(source)]
    results: list[Any] = []
    evaluated = threading.Barrier(4)
    dropped = threading.Event()

    def use() -> None:
        results.append(held[0].evaluate({"lines": [{"price": 1}, {"price": 2}]}))
        evaluated.wait()
        dropped.wait(10)  # alive, like a pool's worker thread, while the expression goes

    threads = [threading.Thread(target=use) for _ in range(3)]
    for thread in threads:
        thread.start()
    evaluated.wait()
    compile_expression.cache_clear()
    held.clear()
    gc.collect()
    dropped.set()
    for thread in threads:
        thread.join()

    assert results == [7, 7, 7]
    assert [str(hook.exc_value) for hook in unraisable] == []
