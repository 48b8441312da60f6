"""How a webhook trigger reads a delivery's body when it is not plain JSON (XML messages)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class WebhookBody:
    """What a trigger made of a delivery: the run's payload and the event's own unique key."""

    payload: Any
    key: str | None = None
    """The sender's id of the event (e.g. an ION BODID); None lets the ingress choose."""


class WebhookBodyError(ValueError):
    """The body is not a message the trigger reads; the text is the 400 answer's detail."""


Headers = Mapping[str, str]
"""Request headers keyed in lower case."""
