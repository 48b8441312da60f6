"""Delay suspends the run until its time, and passes items on once that time has come."""

from __future__ import annotations

import time

import pytest

from workflows.nodes.delay import Delay
from workflows.sdk import NodeContext, NodeError, Suspend
from workflows.testing import execute_node


def test_it_suspends_for_the_configured_seconds() -> None:
    before = time.time()
    with pytest.raises(Suspend) as caught:
        execute_node(Delay, {"seconds": 120}, [{"a": 1}])
    assert before + 120 <= caught.value.until <= time.time() + 120


def test_it_suspends_until_the_latest_moment_among_the_items() -> None:
    with pytest.raises(Suspend) as caught:
        execute_node(
            Delay, {"until": "at"}, [{"at": "2999-01-01T00:00:00Z"}, {"at": 32503680000.5}]
        )
    assert caught.value.until == 32503680000.5


def test_it_passes_items_on_when_the_moment_is_past() -> None:
    out = execute_node(Delay, {"until": "'2001-01-01T00:00:00'"}, [{"a": 1}])
    assert out == {"main": [{"a": 1}]}


def test_it_does_not_wait_again_once_resumed() -> None:
    ctx = NodeContext("r", "w", "wait", suspended_until=time.time() - 1)
    assert execute_node(Delay, {"seconds": 3600}, [{"a": 1}], ctx=ctx) == {"main": [{"a": 1}]}


def test_it_keeps_the_first_moment_when_resumed_too_early() -> None:
    until = time.time() + 50
    ctx = NodeContext("r", "w", "wait", suspended_until=until)
    with pytest.raises(Suspend) as caught:
        execute_node(Delay, {"seconds": 3600}, [{"a": 1}], ctx=ctx)
    assert caught.value.until == until


def test_it_refuses_a_moment_it_cannot_read() -> None:
    with pytest.raises(NodeError) as caught:
        execute_node(Delay, {"until": "'next tuesday'"}, [{}])
    assert caught.value.code == "delay.invalid_until"
