"""Print the workflow document's JSON Schema (the source of ``docs/workflow.schema.json``)."""

from __future__ import annotations

import json

from workflows.schema import WORKFLOW_SCHEMA

print(json.dumps(WORKFLOW_SCHEMA, indent=2))
