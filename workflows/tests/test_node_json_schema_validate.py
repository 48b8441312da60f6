"""The schema validate node splits valid from invalid items and says why with JSON paths."""

from __future__ import annotations

from workflows.nodes.json_schema_validate import JsonSchemaValidate
from workflows.testing import execute_node

SCHEMA = {
    "type": "object",
    "properties": {
        "ref": {"type": "string"},
        "lines": {"type": "array", "items": {"type": "integer"}},
    },
    "required": ["ref"],
}


def test_it_passes_valid_items_and_explains_invalid_ones() -> None:
    out = execute_node(
        JsonSchemaValidate,
        {"schema": SCHEMA},
        [
            {"ref": "A", "lines": [1]},
            {"ref": "B", "lines": [1, "x"]},
        ],
    )
    assert out["valid"] == [{"ref": "A", "lines": [1]}]
    [invalid] = out["invalid"]
    assert invalid["json"] == {"ref": "B", "lines": [1, "x"]}
    assert invalid["errors"] == [{"path": "$.lines[1]", "message": "'x' is not of type 'integer'"}]


def test_it_refuses_a_schema_that_is_not_json_schema() -> None:
    issues = JsonSchemaValidate.validate_config({"schema": {"type": "nonsense"}})
    assert [issue.field for issue in issues] == ["schema"]
