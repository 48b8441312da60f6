"""The sandbox as one ASGI app: authorization server, gateway + M3, admin API, `/ionapi`."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.routing import Route

from connectors.infor.sandbox import admin_routes as admin
from connectors.infor.sandbox import auth_routes as auth
from connectors.infor.sandbox import m3_routes as m3
from connectors.infor.sandbox.world import World

EXECUTE = "/{tenant}/M3/m3api-rest/v2/execute"


def create_app(world: World | None = None) -> Starlette:
    """A sandbox app; pass a ``World`` to share its state with the caller (tests do)."""
    routes = [
        Route("/ionapi", admin.ionapi, methods=["GET"]),
        Route("/{tenant}/as/token.oauth2", auth.token, methods=["POST"]),
        Route("/{tenant}/as/revoke_token.oauth2", auth.revoke, methods=["GET", "POST"]),
        Route(EXECUTE + "/{program}/{transaction}", m3.execute_single, methods=["GET"]),
        Route(EXECUTE, m3.execute_bulk, methods=["POST"]),
        Route("/admin/state", admin.state, methods=["GET"]),
        Route("/admin/clock", admin.clock, methods=["GET", "POST"]),
        Route("/admin/faults", admin.faults, methods=["GET", "PUT"]),
        Route("/admin/settings", admin.settings, methods=["GET", "PUT"]),
        Route("/admin/stock", admin.stock, methods=["POST"]),
        Route("/admin/tokens/expire", admin.expire_tokens, methods=["POST"]),
        Route("/admin/reset", admin.reset, methods=["POST"]),
        Route("/admin/orders/{orno}", admin.order, methods=["GET"]),
        Route("/admin/orders/{orno}/deliveries", admin.deliver, methods=["POST"]),
        Route("/admin/bods", admin.bods, methods=["GET"]),
        Route("/admin/bods/publish", admin.publish_bods, methods=["POST"]),
    ]
    app = Starlette(routes=routes)
    app.state.world = world or World()
    return app
