"""Demo seeder: connections to the two sandboxes and every shipped template installed on them.

``make run`` seeds before it starts the sandboxes, so the Infor credentials file is fetched from
the running sandbox when there is one, else written from the sandbox's documented defaults (the
same file its ``/ionapi`` hands out).
"""

from __future__ import annotations

import json
from typing import Any

import httpx

from backend.connections.models import Connection
from backend.connections.services import save_connection
from backend.designer.demo import DemoContext
from backend.designer.models import Workflow
from backend.designer.templates import install_template
from connectors.infor.sandbox.settings import SandboxSettings
from connectors.prestashop.sandbox.seed_generated import DEMO_KEY
from workflows.templates import list_templates

BOD_TRIGGER = "infor.bod.trigger"
SHOP_URL = "http://127.0.0.1:8081"
INFOR_URL = "http://127.0.0.1:8082"
SHOP_CONNECTION = "Sandbox shop (PrestaShop)"
INFOR_CONNECTION = "Sandbox M3 (Infor ION API)"
DEMO_SETTINGS: dict[str, dict[str, Any]] = {
    # The sandbox's clock starts on 2026-01-05: older item changes would make the first
    # products run read all 1,400 items.
    "products": {"since": "20260105"},
}


def sandbox_ionapi(base_url: str = INFOR_URL) -> dict[str, str]:
    """The Infor sandbox's credentials file: downloaded when it runs, else its defaults."""
    try:
        answer = httpx.get(f"{base_url}/ionapi", timeout=1.0)
        if answer.status_code == 200:
            return dict(answer.json())
    except httpx.HTTPError:
        pass
    settings = SandboxSettings()
    tenant = settings.tenant_id
    return {
        "ti": tenant,
        "cn": "Ferry sandbox",
        "dt": "12",
        "ci": settings.client_id,
        "cs": settings.client_secret,
        "iu": base_url,
        "pu": f"{base_url}/{tenant}/as/",
        "oa": "authorization.oauth2",
        "ot": "token.oauth2",
        "or": "revoke_token.oauth2",
        "ev": "U000000000",
        "v": "1.0",
        "saak": settings.service_account_access_key,
        "sask": settings.service_account_secret_key,
    }


def _connection(ctx: DemoContext, name: str, kind: str, fields: dict[str, Any]) -> Connection:
    found = Connection.objects.filter(name=name, credential_type=kind).first()
    if found is not None:
        ctx.say(f"Connection {name!r} exists; left as it is.")
        return found
    ctx.say(f"Created connection {name!r}.")
    return save_connection(None, name=name, credential_type_id=kind, fields=fields)


def sandbox_connections(ctx: DemoContext) -> dict[str, str]:
    shop = _connection(
        ctx, SHOP_CONNECTION, "prestashop.shop", {"baseUrl": SHOP_URL, "apiKey": DEMO_KEY}
    )
    ionapi = json.dumps(sandbox_ionapi())
    infor = _connection(ctx, INFOR_CONNECTION, "infor.ionapi", {"ionapi": ionapi})
    return {"shop": str(shop.pk), "infor": str(infor.pk)}


def templates_on_sandboxes(ctx: DemoContext) -> None:
    """Every template, installed on the sandbox connections and deployed (once)."""
    connections = sandbox_connections(ctx)
    for template in list_templates():
        existing = Workflow.objects.filter(name=template.title).first()
        if existing is not None:
            ctx.say(f"Workflow {template.title!r} exists; left as it is.")
            continue
        slots = {slot.name for slot in template.connections}
        chosen = {name: value for name, value in connections.items() if name in slots}
        installed = install_template(
            template.name,
            connections=chosen,
            settings=DEMO_SETTINGS.get(template.name, {}),
            deploy=True,
            user=ctx.user,
        )
        hook = f"/hooks/{installed.workflow.hook_token}"
        ctx.say(f"Installed and deployed template {template.title!r} (hook {hook}).")
    order_hook = Workflow.objects.filter(name="Order to cash").values_list("hook_token", flat=True)
    for token in order_hook[:1]:
        ctx.say(
            "To send the sandbox shop's orders to it: curl -X POST "
            f'{SHOP_URL}/admin/webhooks -d \'{{"url": "http://127.0.0.1:8000/hooks/{token}", '
            '"secret": "", "events": ["order.created", "customer.created"]}\''
        )


def bod_hook_url(ferry_url: str) -> str:
    """Where the Infor sandbox should post its BODs: the hook of the first deployed workflow
    with an enabled Infor BOD trigger (the status back template's), or "" when there is none."""
    deployed = Workflow.objects.filter(active_version__isnull=False).order_by("created_at")
    for token, document in deployed.values_list("hook_token", "active_version__document"):
        nodes = document.get("nodes", []) if isinstance(document, dict) else []
        if any(n.get("type") == BOD_TRIGGER and not n.get("disabled") for n in nodes):
            return f"{ferry_url.rstrip('/')}/hooks/{token}"
    return ""
