"""ION BOD trigger: Sync BODs that ION (or the sandbox) posts to the workflow's hook URL.

ION posts the BOD XML as the body, or an IMS multipart message whose ``MessagePayload`` part
holds it. The ingress stores each message once per BODID; the run's payload is the event
``parse_bod`` reads, the same shape as the polling nodes' events.
"""

from __future__ import annotations

from collections.abc import Mapping
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from typing import Any

from connectors.infor.bod import READERS, BodError, parse_bod
from connectors.infor.node_base import CATEGORY
from workflows.sdk import Item, Node, NodeContext, NodeResult, NodeSpec, Port
from workflows.sdk.retry import NO_RETRY
from workflows.sdk.webhooks import WebhookBody, WebhookBodyError

DOCUMENTS = [f"Sync.{noun}" for noun in READERS]
PAYLOAD_PART = "MessagePayload"


class BodTrigger(Node):
    spec = NodeSpec(
        type_id="infor.bod.trigger",
        version=1,
        display_name="Infor ION BOD Trigger",
        description="Starts a run for each Sync BOD that ION posts to the workflow's hook URL "
        "(XML body or IMS multipart), once per BODID.",
        category=CATEGORY,
        icon="infor",
        kind="trigger",
        config_schema={
            "type": "object",
            "properties": {
                "documents": {
                    "type": "array",
                    "title": "Documents",
                    "description": "The BODs that start a run; others are stored and end "
                    "their run with no items.",
                    "items": {"type": "string", "enum": DOCUMENTS},
                    "uniqueItems": True,
                    "default": DOCUMENTS,
                }
            },
            "additionalProperties": False,
        },
        ui={"documents": {"widget": "select"}},
        inputs=(),
        outputs=(Port("main", "Event", "infor.event"),),
        retry=NO_RETRY,
        timeout_s=5.0,
        trigger="webhook",
    )

    @classmethod
    def read_webhook(
        cls, config: dict[str, Any], body: bytes, headers: Mapping[str, str]
    ) -> WebhookBody:
        try:
            event = parse_bod(message_payload(body, headers.get("content-type", "")))
        except BodError as exc:
            raise WebhookBodyError(exc.message) from exc
        return WebhookBody(event.to_json(), event.bod_id or None)

    def execute(self, ctx: NodeContext, inputs: dict[str, list[Item]]) -> NodeResult:
        wanted = self.config.get("documents", DOCUMENTS)
        events = [
            Item(item.json)
            for item in inputs.get("main", [])
            if isinstance(item.json, dict) and item.json.get("document") in wanted
        ]
        return NodeResult.on("main", events)


def message_payload(body: bytes, content_type: str) -> bytes:
    """The BOD XML of a delivery: the body itself, or the ``MessagePayload`` part of an IMS
    multipart message."""
    if not content_type.lower().startswith("multipart/"):
        return body
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
    message = BytesParser(policy=policy.HTTP).parsebytes(head + body)
    if isinstance(message, EmailMessage) and message.is_multipart():
        for part in message.iter_parts():
            if part.get_param("name", header="content-disposition") == PAYLOAD_PART:
                content = part.get_payload(decode=True)
                if isinstance(content, bytes):
                    return content
    raise BodError(f"The multipart message has no {PAYLOAD_PART} part holding the BOD.")
