"""Address standardisation node: country and state codes, postcode formats, M3 street lines."""

from __future__ import annotations

from workflows.nodes.evaluation import compile_field, derive, evaluate
from workflows.sdk import ErrorClass, Item, Node, NodeContext, NodeError, NodeResult, NodeSpec, Port
from workflows.sdk.retry import NO_RETRY
from workflows.sdk.spec import ERROR_OUT, MAIN_OUT
from workflows.transforms.address import standardise_address
from workflows.transforms.address_lines import M3_LINE_COUNT, M3_LINE_WIDTH

DEFAULT_ADDRESS = (
    '{"lines": [address1, address2], "postcode": postcode, "city": city, '
    '"country": country, "state": state}'
)


class AddressStandardise(Node):
    spec = NodeSpec(
        type_id="core.address.standardise",
        version=1,
        display_name="Standardise Address",
        description="Writes each item's address in standard codes and M3's address lines.",
        category="Transform",
        icon="map-pin",
        kind="logic",
        config_schema={
            "type": "object",
            "properties": {
                "address": {
                    "type": "string",
                    "title": "Address (JSONata)",
                    "description": "Gives {lines, postcode, city, country, state}; country as "
                    "any ISO code or English name.",
                    "minLength": 1,
                    "default": DEFAULT_ADDRESS,
                },
                "lineWidth": {
                    "type": "integer",
                    "title": "Line width",
                    "description": "M3's CUA1..CUA4 hold 36 characters each.",
                    "minimum": 1,
                    "maximum": 200,
                    "default": M3_LINE_WIDTH,
                },
                "lineCount": {
                    "type": "integer",
                    "title": "Number of lines",
                    "minimum": 1,
                    "maximum": 10,
                    "default": M3_LINE_COUNT,
                },
                "target": {
                    "type": "string",
                    "title": "Put the result in",
                    "pattern": "^[A-Za-z_][A-Za-z0-9_]*$",
                    "default": "address",
                },
                "strict": {
                    "type": "boolean",
                    "title": "Send addresses with problems to 'invalid'",
                    "default": True,
                },
            },
            "required": ["address"],
            "additionalProperties": False,
        },
        ui={
            "address": {"widget": "jsonata"},
            "lineWidth": {"widget": "number"},
            "lineCount": {"widget": "number"},
            "target": {"widget": "text"},
            "strict": {
                "widget": "select",
                "options": [
                    {"value": True, "label": "Send them to 'invalid'"},
                    {"value": False, "label": "Pass them on with their problems listed"},
                ],
            },
        },
        outputs=(MAIN_OUT, Port("invalid", "Invalid"), ERROR_OUT),
        retry=NO_RETRY,
        timeout_s=10.0,
        side_effects="none",
        expression_fields=("address",),
    )

    def execute(self, ctx: NodeContext, inputs: dict[str, list[Item]]) -> NodeResult:
        expression = compile_field(self.config["address"], "address")
        width = self.config.get("lineWidth", M3_LINE_WIDTH)
        count = self.config.get("lineCount", M3_LINE_COUNT)
        target = self.config.get("target", "address")
        strict = self.config.get("strict", True)
        good: list[Item] = []
        bad: list[Item] = []
        for index, item in enumerate(inputs.get("main", [])):
            address = evaluate(expression, item.json, ctx, field="address", index=index)
            if not isinstance(address, dict):
                raise NodeError(
                    "address.invalid",
                    f"The address expression gave {type(address).__name__} for item {index}, "
                    "not an object.",
                    error_class=ErrorClass.VALIDATION,
                    field="address",
                    details={"itemIndex": index},
                )
            standard = standardise_address(address, width, count)
            base = dict(item.json) if isinstance(item.json, dict) else {"value": item.json}
            out = derive(item, {**base, target: standard})
            (bad if strict and standard["problems"] else good).append(out)
        return NodeResult(outputs={"main": good, "invalid": bad})
