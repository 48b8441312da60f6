"""The JSON Schema (draft 2020-12) of a workflow document, as saved, exported and served.

It checks the document's shape only; what depends on node types (their config, ports, JSONata)
is checked by ``workflows.validation`` against the registry. ``python -m workflows.schema``
prints it; ``docs/workflow.schema.json`` is that output, and a test keeps the two equal.
"""

from __future__ import annotations

from typing import Any

SCHEMA_VERSION = 1

_ID = {
    "type": "string",
    "minLength": 1,
    "maxLength": 100,
    "pattern": "^[A-Za-z0-9_.:-]+$",
    "description": "Unique within the document; letters, digits and _ . : - only.",
}

_PORT = {
    "type": "string",
    "minLength": 1,
    "maxLength": 100,
    "default": "main",
    "description": "Port name as the node type declares it; 'main' when left out.",
}

_RETRY = {
    "type": ["object", "null"],
    "description": "Overrides of the node type's retry policy; fields left out keep its value.",
    "properties": {
        "maximumAttempts": {"type": "integer", "minimum": 1, "maximum": 100},
        "initialInterval": {"type": "number", "minimum": 0},
        "backoffCoefficient": {"type": "number", "minimum": 1},
        "maximumInterval": {"type": "number", "minimum": 0},
        "jitter": {"type": "number", "minimum": 0, "maximum": 1},
        "nonRetryableCodes": {"type": "array", "items": {"type": "string"}},
        "retryableCodes": {
            "type": "array",
            "items": {"type": "string"},
            "description": "Codes retried even when the node does not flag them retryable.",
        },
    },
    "additionalProperties": False,
}

_NODE = {
    "type": "object",
    "required": ["id", "type", "typeVersion"],
    "properties": {
        "id": {"$ref": "#/$defs/id"},
        "type": {
            "type": "string",
            "pattern": "^[a-z0-9_]+(\\.[a-z0-9_]+)+$",
            "description": "Node type id, e.g. core.jsonata.map.",
        },
        "typeVersion": {"type": "integer", "minimum": 1},
        "name": {"type": "string", "maxLength": 200},
        "config": {
            "type": "object",
            "description": "Checked against the node type's own config schema.",
        },
        "position": {
            "type": "object",
            "required": ["x", "y"],
            "properties": {"x": {"type": "number"}, "y": {"type": "number"}},
            "additionalProperties": False,
        },
        "connection": {
            "type": ["string", "null"],
            "minLength": 1,
            "description": "Id of the Connection the node authenticates with.",
        },
        "retry": {"$ref": "#/$defs/retry"},
        "timeoutSeconds": {
            "type": ["number", "null"],
            "exclusiveMinimum": 0,
            "description": "Tightens the node type's timeout; it cannot loosen it.",
        },
        "disabled": {"type": "boolean", "default": False},
        "notes": {"type": "string", "maxLength": 10000},
    },
    "additionalProperties": False,
}

_EDGE = {
    "type": "object",
    "required": ["id", "source", "target"],
    "properties": {
        "id": {"$ref": "#/$defs/id"},
        "source": {"type": "string", "minLength": 1},
        "sourcePort": {"$ref": "#/$defs/port"},
        "target": {"type": "string", "minLength": 1},
        "targetPort": {"$ref": "#/$defs/port"},
    },
    "additionalProperties": False,
}

_SETTINGS = {
    "type": "object",
    "properties": {
        "businessKey": {
            "type": "string",
            "maxLength": 2000,
            "description": "JSONata on the trigger payload giving the run's business key "
            "(order reference, SKU); empty for none.",
        },
        "timeoutSeconds": {
            "type": ["number", "null"],
            "exclusiveMinimum": 0,
            "description": "Upper bound of a whole run, in seconds.",
        },
        "coalesce": {
            "type": "string",
            "enum": ["none", "latest"],
            "default": "none",
            "description": "'latest': runs queued behind one with the same business key "
            "collapse into the newest; the older ones end as superseded.",
        },
    },
    "additionalProperties": False,
}

_ANNOTATION = {
    "type": "object",
    "description": "A sticky note on the canvas; the engine ignores it.",
    "required": ["id", "text", "position", "size"],
    "properties": {
        "id": {"$ref": "#/$defs/id"},
        "text": {"type": "string", "maxLength": 10000},
        "position": {
            "type": "object",
            "required": ["x", "y"],
            "properties": {"x": {"type": "number"}, "y": {"type": "number"}},
            "additionalProperties": False,
        },
        "size": {
            "type": "object",
            "required": ["width", "height"],
            "properties": {
                "width": {"type": "number", "minimum": 1, "maximum": 10000},
                "height": {"type": "number", "minimum": 1, "maximum": 10000},
            },
            "additionalProperties": False,
        },
        "color": {
            "type": "string",
            "maxLength": 30,
            "description": "A colour name or CSS colour the designer paints the note with.",
        },
    },
    "additionalProperties": False,
}

WORKFLOW_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "urn:ferry:workflow-document:1",
    "title": "Ferry workflow document",
    "type": "object",
    "required": ["schemaVersion", "nodes", "edges"],
    "properties": {
        "schemaVersion": {"const": SCHEMA_VERSION},
        "nodes": {"type": "array", "items": {"$ref": "#/$defs/node"}},
        "edges": {"type": "array", "items": {"$ref": "#/$defs/edge"}},
        "settings": {"$ref": "#/$defs/settings"},
        "annotations": {
            "type": "array",
            "maxItems": 500,
            "items": {"$ref": "#/$defs/annotation"},
            "description": "Sticky notes; ids unique among annotations.",
        },
    },
    "additionalProperties": False,
    "$defs": {
        "node": _NODE,
        "edge": _EDGE,
        "settings": _SETTINGS,
        "id": _ID,
        "port": _PORT,
        "retry": _RETRY,
        "annotation": _ANNOTATION,
    },
}
