"""The Webservice dispatcher: output format, authentication, routing and the read path.

``handle(shop, request)`` turns one HTTP request into one response, the way
``webservice/dispatcher.php`` and ``WebserviceRequest`` do (spec sections 2-4 and 6).
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from connectors.prestashop.sandbox import json_render, pricing, reads, writes, xml_render
from connectors.prestashop.sandbox.definitions import (
    FORBIDDEN_METHODS,
    FieldDef,
    ResourceDef,
    definitions,
    profiled,
)
from connectors.prestashop.sandbox.shop import ALL_METHODS, Shop
from connectors.prestashop.sandbox.wserrors import EmptyNotFound, WebserviceError, closest

REALM = (
    'Basic realm="Welcome to PrestaShop Webservice, please enter the authentication key as the '
    'login. No password required."'
)
XML_TYPE = ("Content-type", "text/xml;charset=utf-8")
JSON_TYPE = ("Content-Type", "application/json")
PHP_POWERED = ("X-Powered-By", "PHP/8.2.36")
SHOP_IDS = frozenset({"1"})
SHOP_GROUP_IDS = frozenset({"1"})
"""The sandbox is one shop (id 1) in one group (id 1), like a shop without multistore."""
SCHEMA_BUG_WARNINGS = {"customers": 1, "combinations": 2}
"""The 8.0 snapshot fails ``schema=synopsis`` on these with PHP warnings (recorded)."""


@dataclass
class WsRequest:
    method: str
    path: str
    """Path after ``/api/``: ``""``, ``orders``, ``orders/5``."""
    query: list[tuple[str, str]]
    headers: dict[str, str]
    """Lower-case names."""
    body: str = ""
    api_url: str = "http://127.0.0.1/api/"

    def param(self, name: str) -> str | None:
        return next((v for k, v in self.query if k == name), None)


@dataclass
class WsResponse:
    status: int
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: str = ""


@dataclass
class Context:
    shop: Shop
    request: WsRequest
    json: bool
    languages: tuple[str, ...]

    def xml_style(self) -> xml_render.XmlStyle:
        return xml_render.XmlStyle(
            self.request.api_url,
            numeric_tag_bug=self.shop.profile.numeric_tag_bug,
            languages=self.languages,
        )

    def json_style(self) -> json_render.JsonStyle:
        profile = self.shop.profile
        return json_render.JsonStyle(profile.native_ints, profile.numeric_tag_bug, self.languages)


def wants_json(request: WsRequest) -> bool:
    """Io-Format, Output-Format, output_format, io_format, in that order; case-sensitive."""
    for value in (
        request.headers.get("io-format"),
        request.headers.get("output-format"),
        request.param("output_format"),
        request.param("io_format"),
    ):
        if value is not None:
            return value == "JSON"
    return False


def _key(request: WsRequest) -> str | None:
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("basic "):
        try:
            decoded = base64.b64decode(auth[6:].strip()).decode("utf-8", "replace")
        except ValueError:
            decoded = ""
        user = decoded.split(":", 1)[0]
        if user:
            return user
    return request.param("ws_key")


def base_headers(shop: Shop, version: str, *, authenticate: bool = False) -> list[tuple[str, str]]:
    headers = [("WWW-Authenticate", REALM)] if authenticate else []
    headers += [
        ("Access-Time", str(int(shop.clock.epoch()))),
        ("X-Powered-By", "PrestaShop Webservice"),
        ("PSWS-Version", version),
    ]
    return headers


def render_errors(
    shop: Shop, error: WebserviceError, as_json: bool, version: str, authenticate: bool = False
) -> WsResponse:
    headers = base_headers(shop, version, authenticate=authenticate)
    if as_json:
        body = json_render.errors(error.errors)
        headers += [JSON_TYPE, ("Execution-Time", "0.008")]
    else:
        body = xml_render.errors(error.errors)
        headers += [XML_TYPE, ("Execution-Time", "0.008")]
    return WsResponse(error.status, headers, body)


def output(ctx: Context, status: int, body: str, head: bool = False) -> WsResponse:
    """A successful answer with its checksum; 304 when the client already has this body."""
    shop = ctx.shop
    sha = hashlib.sha1(body.encode("utf-8")).hexdigest()
    headers = base_headers(shop, shop.profile.version)
    headers += [JSON_TYPE if ctx.json else XML_TYPE, ("Execution-Time", "0.008")]
    headers.append(("Content-Sha1", sha))
    if ctx.request.headers.get("local-content-sha1") == sha and ctx.request.method == "GET":
        return WsResponse(304 if shop.profile.cache_304 else 200, headers, "")
    return WsResponse(status, headers, "" if head else body)


def fatal(message: str = "") -> WsResponse:
    """A PHP fatal error: no Webservice headers at all."""
    return WsResponse(500, [PHP_POWERED, ("Content-type", "text/html; charset=utf-8")], message)


def handle(shop: Shop, request: WsRequest) -> WsResponse:
    as_json = wants_json(request)
    key = _key(request)
    if key is None:
        headers = [PHP_POWERED, ("WWW-Authenticate", REALM)]
        headers.append(("Content-type", "text/html; charset=utf-8"))
        return WsResponse(401, headers, "401 Unauthorized")
    try:
        _authenticate(shop, key)
    except WebserviceError as error:
        return render_errors(shop, error, as_json, "0", authenticate=True)
    try:
        languages = reads.parse_language(request.param("language"), shop.languages)
        ctx = Context(shop, request, as_json, languages)
        return _route(ctx, shop.keys[key].key)
    except WebserviceError as error:
        return render_errors(shop, error, as_json, shop.profile.version)
    except EmptyNotFound:
        headers = base_headers(shop, shop.profile.version)
        return WsResponse(404, [*headers, ("Content-Type", ""), ("Execution-Time", "0.008")], "")
    except writes.FatalError as error:
        return fatal(error.message)


def _authenticate(shop: Shop, key: str) -> None:
    if not key:
        raise WebserviceError(401, [(17, "Authentication key is empty")])
    if len(key) != 32:
        raise WebserviceError(401, [(18, "Invalid authentication key format")])
    account = shop.keys.get(key)
    if account is None or not account.active:
        raise WebserviceError(
            401,
            [
                (20, "Authentification key is not active"),
                (21, "No permission for this authentication key"),
            ],
        )
    if not shop.enabled:
        raise WebserviceError(
            503,
            [
                (
                    22,
                    "The PrestaShop webservice is disabled. Please activate it in the PrestaShop "
                    "Back Office",
                )
            ],
        )


def _check_shop_context(request: WsRequest) -> None:
    """Multistore: ``id_shop=<n>`` (or ``all``) and ``id_group_shop``/``id_shop_group`` choose the
    shop context; an unknown numeric one is error 999 (spec 2.1, 6). The sandbox has one shop."""
    shop_id = request.param("id_shop")
    if shop_id is not None and shop_id.isdigit() and shop_id not in SHOP_IDS:
        raise WebserviceError(404, [(999, "This shop id does not exist")])
    for name in ("id_group_shop", "id_shop_group"):
        group = request.param(name)
        if group is not None and group.isdigit() and group not in SHOP_GROUP_IDS:
            raise WebserviceError(404, [(999, "This shop group doesn't have shops")])


def _route(ctx: Context, key: str) -> WsResponse:
    request, shop = ctx.request, ctx.shop
    method = request.param("ps_method") or request.method
    valid = ALL_METHODS if shop.profile.patch else ALL_METHODS - {"PATCH"}
    if method not in valid:
        raise WebserviceError(405, [(23, f"Method {method} is not valid")])
    _check_shop_context(request)
    parts = [p for p in request.path.split("/") if p]
    if not parts:
        return root_listing(ctx, key, head=method == "HEAD")
    resources = definitions()
    name = parts[0]
    if name not in resources:
        names = list(resources)
        listing = ", ".join(f'"{n}"' for n in names)
        raise WebserviceError(
            400,
            [
                (
                    27,
                    f'Resource of type "{name}" does not exists. Did you mean: '
                    f'"{closest(name, names)}"? The full list is: {listing}',
                )
            ],
        )
    account = shop.keys[key]
    if not account.any_on(name):
        raise WebserviceError(
            401, [(26, f'Resource of type "{name}" is not allowed with this authentication key')]
        )
    if not account.allows(name, method):
        raise WebserviceError(
            405,
            [
                (
                    25,
                    f"Method {method} is not allowed for the resource {name} with this "
                    "authentication key",
                )
            ],
        )
    if method in FORBIDDEN_METHODS.get(name, frozenset()):
        raise WebserviceError(
            405, [(101, f"Method {method} is not allowed for the resource {name}")]
        )
    profile = shop.profile
    definition = profiled(
        name, profile.version, profile.meta_keywords, profile.combination_quantity
    )
    record_id = parts[1] if len(parts) > 1 else None
    if method in ("GET", "HEAD"):
        return read(ctx, definition, record_id, head=method == "HEAD")
    status, body = writes.write(
        ctx.shop, definition, method, record_id, request.body, request.query
    )
    if not body:
        headers = base_headers(shop, shop.profile.version)
        return WsResponse(status, [*headers, ("Content-Type", ""), ("Execution-Time", "0.03")], "")
    rendered = _render_written(ctx, definition, body, created=status == 201)
    return output(Context(shop, request, False, ctx.languages), status, rendered)


def _render_written(
    ctx: Context, definition: ResourceDef, rows: list[dict[str, Any]], *, created: bool
) -> str:
    selection = xml_render.Selection(
        definition.fields, {a.name: None for a in definition.associations}
    )
    # A created object is rendered from memory: language values it was not given have no link.
    style = dataclasses.replace(ctx.xml_style(), language_links=not created)
    inner = "".join(xml_render.entity(definition, row, selection, style) for row in rows)
    return xml_render.envelope(inner)


def read(ctx: Context, definition: ResourceDef, record_id: str | None, head: bool) -> WsResponse:
    request, shop = ctx.request, ctx.shop
    schema = request.param("schema")
    if schema is not None:
        return _schema(ctx, definition, schema)
    options = reads.ReadOptions(
        definition, request.param("date") == "1", shop.profile.query_warnings
    )
    display = request.param("display")
    prices = computed_prices(request.query) if definition.name in PRICED else {}
    selection = reads.parse_display(display, options, list(prices))
    rows = shop.rows(definition.name)
    if record_id is not None:
        if not record_id.isdigit() or int(record_id) not in shop.table(definition.name):
            raise EmptyNotFound()
        rows = [shop.table(definition.name)[int(record_id)]]
    params = {k: v for k, v in request.query if k in ("sort", "limit")}
    rows = reads.select(rows, params, request.query, options)
    if prices:
        rows = [with_prices(shop, definition.name, row, prices) for row in rows]
    if record_id is not None and display is None:
        full = xml_render.Selection(
            [*definition.fields, *(FieldDef(name) for name in prices)],
            {a.name: None for a in definition.associations},
        )
        if ctx.json:
            return output(
                ctx, 200, json_render.single(definition, rows[0], full, ctx.json_style()), head
            )
        body = xml_render.envelope(xml_render.entity(definition, rows[0], full, ctx.xml_style()))
        return output(ctx, 200, body, head)
    if ctx.json:
        return output(
            ctx, 200, json_render.listing(definition, rows, selection, ctx.json_style()), head
        )
    if selection is None:
        return output(
            ctx, 200, xml_render.id_list(definition, [r["id"] for r in rows], ctx.xml_style()), head
        )
    if record_id is not None:
        body = xml_render.envelope(
            xml_render.entity(definition, rows[0], selection, ctx.xml_style())
        )
        return output(ctx, 200, body, head)
    return output(
        ctx, 200, xml_render.entity_list(definition, rows, selection, ctx.xml_style()), head
    )


PRICED = frozenset({"products", "combinations"})
"""Resources that take ``price[...]`` fields (``WebserviceRequest::fetch``)."""
_PRICE_KEY = re.compile(r"^price\[([^\]]*)\](?:\[([^\]]*)\])?$")
_FIELD_NAME = re.compile(r"^[a-zA-Z_0-9-]+$")


def computed_prices(query: list[tuple[str, str]]) -> dict[str, dict[str, str]]:
    """``price[<name>][<option>]=<value>`` parameters: options by field name, in query order."""
    fields: dict[str, dict[str, str]] = {}
    for key, value in query:
        match = _PRICE_KEY.match(key)
        if not match:
            continue
        name, option = match.groups()
        if not _FIELD_NAME.match(name):
            raise WebserviceError(400, [(128, "Name for the virtual field is not allow")])
        options = fields.setdefault(name, {})
        if option:
            options[option] = value
    return fields


def with_prices(
    shop: Shop, resource: str, row: dict[str, Any], prices: dict[str, dict[str, str]]
) -> dict[str, Any]:
    """The row with each ``price[...]`` field computed by the catalogue price engine."""
    if resource == "combinations":
        product = shop.table("products").get(pricing.integer(row.get("id_product")), {})
        attribute = pricing.integer(row.get("id"))
    else:
        product, attribute = row, None
    values = {
        name: pricing.virtual_price(shop, product, attribute, options)
        for name, options in prices.items()
    }
    return {**row, **values}


def _schema(ctx: Context, definition: ResourceDef, kind: str) -> WsResponse:
    if kind not in ("blank", "synopsis"):
        raise WebserviceError(
            400,
            [
                (
                    28,
                    "Please select a schema of type 'synopsis' to get the whole schema "
                    "informations (which fields are required, which kind of content...) or "
                    "'blank' to get an empty schema to fill before using POST request",
                )
            ],
        )
    warnings = (
        SCHEMA_BUG_WARNINGS.get(definition.name, 0) if ctx.shop.profile.numeric_tag_bug else 0
    )
    if kind == "synopsis" and warnings:
        message = (
            "[PHP Warning #2] Trying to access array offset on value of type null "
            "(<shop-root>/classes/webservice/WebserviceOutputBuilder.php, line 669)"
        )
        body = xml_render.errors([(3, message)] * warnings)
        return output(Context(ctx.shop, ctx.request, False, ctx.languages), 500, body)
    from connectors.prestashop.sandbox import schema_render

    body = schema_render.render(definition, kind, ctx.xml_style())
    return output(Context(ctx.shop, ctx.request, False, ctx.languages), 200, body)


def _flag(allowed: bool, method: str, forbidden: frozenset[str]) -> str:
    return "true" if allowed and method not in forbidden else "false"


def root_listing(ctx: Context, key: str, head: bool) -> WsResponse:
    shop = ctx.shop
    if ctx.json and shop.profile.json_root_fatal:
        return fatal()
    account = shop.keys[key]
    url = ctx.request.api_url
    methods: tuple[str, ...] = ("get", "put", "post", "patch", "delete", "head")
    if not shop.profile.patch:
        methods = ("get", "put", "post", "delete", "head")
    parts = [f'<api shopName="{shop.name}">\n']
    for definition in definitions().values():
        if not account.any_on(definition.name):
            continue
        forbidden = FORBIDDEN_METHODS.get(definition.name, frozenset())
        flags = "".join(
            f' {m}="{_flag(account.allows(definition.name, m.upper()), m.upper(), forbidden)}"'
            for m in methods
        )
        link = f'xlink:href="{url}{definition.name}"'
        parts.append(f"<{definition.name} {link}{flags}>\n")
        parts.append(f"<description {link}{flags}>\n{definition.description}</description>\n")
        if definition.has_schema:
            for kind in ("blank", "synopsis"):
                parts.append(
                    f'<schema xlink:href="{url}{definition.name}?schema={kind}" type="{kind}"/>\n'
                )
        parts.append(f"</{definition.name}>\n")
    parts.append("</api>\n")
    as_xml = Context(shop, ctx.request, False, ctx.languages)
    return output(as_xml, 200, xml_render.envelope("".join(parts)), head)
