"""A sandbox Infor tenant on the wire: ION API gateway, OAuth server and M3 `m3api-rest/v2`.

It speaks only Infor's protocol and never imports Ferry's engine or the Infor client.
"""

from __future__ import annotations

from connectors.infor.sandbox.app import create_app
from connectors.infor.sandbox.world import World

__all__ = ["World", "create_app"]
