"""Call workflow runs another workflow per item through the context's caller."""

from __future__ import annotations

from typing import Any

import pytest

from workflows.nodes.call_workflow import CallWorkflow
from workflows.sdk import NodeContext, NodeError
from workflows.testing import execute_node


def test_it_calls_the_workflow_with_a_payload_per_item() -> None:
    calls: list[tuple[str, Any]] = []

    def call(workflow_id: str, payload: Any) -> Any:
        calls.append((workflow_id, payload))
        return {"echo": payload}

    ctx = NodeContext("r", "w", "call", call_workflow=call)
    config = {"workflowId": "wf-2", "payload": "{'sku': sku}"}
    out = execute_node(CallWorkflow, config, [{"sku": "A"}, {"sku": "B"}], ctx=ctx)
    assert calls == [("wf-2", {"sku": "A"}), ("wf-2", {"sku": "B"})]
    assert out["main"] == [{"echo": {"sku": "A"}}, {"echo": {"sku": "B"}}]


def test_it_fails_clearly_when_the_run_cannot_call_workflows() -> None:
    with pytest.raises(NodeError) as caught:
        execute_node(CallWorkflow, {"workflowId": "wf-2"}, [{}])
    assert caught.value.code == "workflow.call_unavailable"
