"""A node that reads ION BODs carried in items, so pushed and polled events meet one shape."""

from __future__ import annotations

from connectors.infor.bod import BodError, parse_bod
from connectors.infor.node_base import CATEGORY, items_of
from workflows.sdk import ErrorClass, Item, Node, NodeContext, NodeError, NodeResult, NodeSpec, Port
from workflows.sdk.retry import NO_RETRY
from workflows.sdk.spec import ERROR_OUT, MAIN_IN


class ReadBod(Node):
    spec = NodeSpec(
        type_id="infor.bod.read",
        version=1,
        display_name="Read ION BOD",
        description="Reads the Sync BOD XML in each item's field into an Infor event (order "
        "status, shipment, invoice, item or customer), the same shape polling produces.",
        category=CATEGORY,
        icon="infor",
        config_schema={
            "type": "object",
            "properties": {
                "field": {
                    "type": "string",
                    "title": "Field holding the XML",
                    "minLength": 1,
                    "default": "body",
                }
            },
            "additionalProperties": False,
        },
        ui={"field": {"widget": "text", "placeholder": "body"}},
        inputs=(MAIN_IN,),
        outputs=(Port("main", "Event", "infor.event"), ERROR_OUT),
        retry=NO_RETRY,
        timeout_s=10.0,
    )

    def execute(self, ctx: NodeContext, inputs: dict[str, list[Item]]) -> NodeResult:
        name = str(self.config.get("field") or "body")
        events = []
        for item in items_of(inputs):
            xml = item.json.get(name) if isinstance(item.json, dict) else item.json
            if not isinstance(xml, str) or not xml.strip():
                raise NodeError(
                    "infor.bod.missing",
                    f"The item has no BOD XML in '{name}'.",
                    error_class=ErrorClass.VALIDATION,
                    field=name,
                )
            try:
                event = parse_bod(xml)
            except BodError as exc:
                raise NodeError(
                    "infor.bod.invalid", exc.message, error_class=ErrorClass.VALIDATION, field=name
                ) from exc
            events.append(Item(event.to_json(), item.source_node, item.source_index))
        return NodeResult.on("main", events)
