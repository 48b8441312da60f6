"""Customer (CRS610MI) and item (MMS200MI) nodes: get, search, create, change, changed since."""

from __future__ import annotations

from typing import Any

from connectors.infor.cursors import changed_since
from connectors.infor.envelope import M3Error
from connectors.infor.m3 import M3Client, M3Options
from connectors.infor.masters import CUSTOMER_FIELDS, ITEM_FIELDS, from_m3, to_m3
from connectors.infor.node_base import (
    CATEGORY,
    CREDENTIAL,
    RETRY,
    InforNode,
    failures,
    items_of,
    text,
)
from workflows.sdk import ErrorClass, Item, NodeContext, NodeError, NodeResult, NodeSpec, Port
from workflows.sdk.spec import ERROR_OUT, MAIN_IN

CUSTOMER = Port("main", "Customer", "infor.customer")
ITEM = Port("main", "Item", "infor.item")
NO_CONFIG: dict[str, Any] = {"type": "object", "properties": {}, "additionalProperties": False}


def _spec(
    type_id: str,
    name: str,
    description: str,
    port: Port,
    *,
    config: dict[str, Any] | None = None,
    ui: dict[str, Any] | None = None,
    side_effects: str = "none",
) -> NodeSpec:
    return NodeSpec(
        type_id=type_id,
        version=1,
        display_name=name,
        description=description,
        category=CATEGORY,
        icon="infor",
        config_schema=config or NO_CONFIG,
        ui=ui or {},
        inputs=(MAIN_IN,),
        outputs=(port, ERROR_OUT),
        credential_type=CREDENTIAL,
        retry=RETRY,
        timeout_s=120.0,
        side_effects=side_effects,  # type: ignore[arg-type]
    )


def get_customer(client: M3Client, number: str) -> dict[str, Any]:
    return from_m3(
        client.execute("CRS610MI", "GetBasicData", {"CUNO": number}).first(), CUSTOMER_FIELDS
    )


class GetCustomer(InforNode):
    spec = _spec(
        "infor.m3.customer.get",
        "Get Customer",
        "Reads a customer's basic data (CRS610MI GetBasicData) by 'customerNumber'.",
        CUSTOMER,
    )

    def execute(self, ctx: NodeContext, inputs: dict[str, list[Item]]) -> NodeResult:
        client = self.client(ctx)
        with failures():
            found = [
                Item(
                    get_customer(client, text(i.json, "customerNumber", required=True)),
                    i.source_node,
                    i.source_index,
                )
                for i in items_of(inputs)
            ]
        return NodeResult.on("main", found)


def search_query(data: Any) -> str:
    """SearchCustomer's SQRY: the item's 'query', else a MAIL term for its 'email'."""
    query = text(data, "query")
    if query:
        return query
    email = text(data, "email")
    if email:
        return f"MAIL:{email}"
    raise NodeError(
        "infor.input.missing",
        "The item has neither 'query' nor 'email' to search customers with.",
        error_class=ErrorClass.VALIDATION,
        field="query",
    )


class SearchCustomers(InforNode):
    spec = _spec(
        "infor.m3.customer.search",
        "Search Customers",
        "Finds customers (CRS610MI SearchCustomer) by the item's 'query' or 'email'; one output "
        "item per input with the matches.",
        Port("main", "Matches", "infor.customer_matches"),
        config={
            "type": "object",
            "properties": {
                "maxResults": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 20}
            },
            "additionalProperties": False,
        },
        ui={"maxResults": {"widget": "number"}},
    )

    def execute(self, ctx: NodeContext, inputs: dict[str, list[Item]]) -> NodeResult:
        client = self.client(ctx)
        limit = M3Options(max_records=int(self.config.get("maxResults", 20)))
        results = []
        with failures():
            for item in items_of(inputs):
                query = search_query(item.json)
                rows = client.records("CRS610MI", "SearchCustomer", {"SQRY": query}, limit)
                matches = [from_m3(row, CUSTOMER_FIELDS) for row in rows]
                data = {"query": query, "customers": matches, "found": len(matches)}
                results.append(Item(data, item.source_node, item.source_index))
        return NodeResult.on("main", results)


class CreateCustomer(InforNode):
    spec = _spec(
        "infor.m3.customer.create",
        "Create Customer",
        "Creates a customer from a template (CRS610MI Add), unless one with the item's "
        "customer number, or its e-mail when asked, already exists.",
        CUSTOMER,
        config={
            "type": "object",
            "properties": {
                "template": {"type": "string", "title": "Customer template (CUTM)", "minLength": 1},
                "matchByEmail": {
                    "type": "boolean",
                    "title": "Reuse a customer with the same e-mail",
                    "default": True,
                },
            },
            "required": ["template"],
            "additionalProperties": False,
        },
        ui={
            "template": {"widget": "text", "placeholder": "WEBCUST"},
            "matchByEmail": {"help": "Items give name, address1, city, country, email..."},
        },
        side_effects="idempotent",
    )

    def execute(self, ctx: NodeContext, inputs: dict[str, list[Item]]) -> NodeResult:
        client = self.client(ctx)
        created = []
        with failures():
            for item in items_of(inputs):
                outcome = self._create(client, item.json)
                created.append(Item(outcome, item.source_node, item.source_index))
        return NodeResult.on("main", created)

    def _create(self, client: M3Client, data: Any) -> dict[str, Any]:
        text(data, "name", required=True)
        text(data, "address1", required=True)
        existing = self._existing(client, data)
        if existing is not None:
            return {**existing, "created": False}
        record = {"CUTM": self.config["template"], **to_m3(data, CUSTOMER_FIELDS)}
        number = client.execute("CRS610MI", "Add", record).first()["CUNO"]
        return {**get_customer(client, number), "created": True}

    def _existing(self, client: M3Client, data: Any) -> dict[str, Any] | None:
        number = text(data, "customerNumber")
        if number:
            try:
                return get_customer(client, number)
            except M3Error as exc:
                if exc.error_field != "CUNO":
                    raise
                return None
        email = text(data, "email")
        if email and self.config.get("matchByEmail", True):
            query = {"SQRY": f"MAIL:{email}"}
            for row in client.records(
                "CRS610MI", "SearchCustomer", query, M3Options(max_records=1)
            ):
                return get_customer(client, row["CUNO"])
        return None


class ChangeCustomer(InforNode):
    spec = _spec(
        "infor.m3.customer.change",
        "Change Customer",
        "Changes a customer's basic data (CRS610MI ChgBasicData) with the item's fields; "
        "fields the item leaves out stay as they are.",
        CUSTOMER,
        side_effects="idempotent",
    )

    def execute(self, ctx: NodeContext, inputs: dict[str, list[Item]]) -> NodeResult:
        client = self.client(ctx)
        changed = []
        with failures():
            for item in items_of(inputs):
                number = text(item.json, "customerNumber", required=True)
                client.execute("CRS610MI", "ChgBasicData", to_m3(item.json, CUSTOMER_FIELDS))
                changed.append(
                    Item(get_customer(client, number), item.source_node, item.source_index)
                )
        return NodeResult.on("main", changed)


class CustomersChanged(InforNode):
    spec = _spec(
        "infor.m3.customer.changed",
        "Customers Changed Since Last Run",
        "Lists customers changed since the previous run (CRS610MI LstByNumber with a stored "
        "LMTS cursor).",
        CUSTOMER,
    )

    def execute(self, ctx: NodeContext, inputs: dict[str, list[Item]]) -> NodeResult:
        client = self.client(ctx)
        with failures():
            rows = [
                Item(from_m3(row, CUSTOMER_FIELDS))
                for row in changed_since(client, ctx.state, "CRS610MI", "LstByNumber", {})
            ]
        return NodeResult.on("main", rows)


class GetItem(InforNode):
    spec = _spec(
        "infor.m3.item.get",
        "Get Item",
        "Reads an item's master data (MMS200MI Get) by the input item's 'item' number.",
        ITEM,
    )

    def execute(self, ctx: NodeContext, inputs: dict[str, list[Item]]) -> NodeResult:
        client = self.client(ctx)
        found = []
        with failures():
            for item in items_of(inputs):
                record = {"ITNO": text(item.json, "item", required=True)}
                row = client.execute("MMS200MI", "Get", record).first()
                found.append(Item(from_m3(row, ITEM_FIELDS), item.source_node, item.source_index))
        return NodeResult.on("main", found)


class ItemsChanged(InforNode):
    spec = _spec(
        "infor.m3.item.changed",
        "Items Changed Since Last Run",
        "Lists items changed since the previous run's date (MMS200MI LstItmByChgDate); items "
        "changed on the cursor's day come again, so a sync must be idempotent.",
        ITEM,
        config={
            "type": "object",
            "properties": {
                "since": {
                    "type": "string",
                    "title": "First run reads changes from (yyyyMMdd)",
                    "pattern": "^[0-9]{8}$",
                    "default": "19000101",
                }
            },
            "additionalProperties": False,
        },
        ui={"since": {"widget": "text", "placeholder": "20260101"}},
    )

    def execute(self, ctx: NodeContext, inputs: dict[str, list[Item]]) -> NodeResult:
        client = self.client(ctx)
        since = str(ctx.state.get("changedOn") or self.config.get("since") or "19000101")
        options = M3Options(max_records=0)
        latest = since
        rows = []
        with failures():
            for row in client.records("MMS200MI", "LstItmByChgDate", {"FLMD": since}, options):
                latest = max(latest, row.get("LMDT", ""))
                rows.append(Item(from_m3(row, ITEM_FIELDS)))
        ctx.state.set("changedOn", latest)
        return NodeResult.on("main", rows)


MASTER_NODES = [
    GetCustomer,
    SearchCustomers,
    CreateCustomer,
    ChangeCustomer,
    CustomersChanged,
    GetItem,
    ItemsChanged,
]
