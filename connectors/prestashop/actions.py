"""PrestaShop action nodes: read any resource, and the writes of order-to-cash and catalogue sync.

Each node takes its inputs from the incoming item (the ``...Path`` fields name where) or from a
fixed value in the node, acts once per item, and passes on what the shop answered.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from connectors.prestashop import order_states
from connectors.prestashop.client import PrestaShopClient
from connectors.prestashop.node_base import PrestaShopNode, once, pick, required_int, value_at
from connectors.prestashop.query import equals
from connectors.prestashop.specs import RESOURCE_NAMES, path_field, spec
from workflows.sdk import ErrorClass, NodeContext, NodeError

Record = dict[str, Any]
_REFERENCE = re.compile(r"^[^<>;={}]*$")


def _resource_field() -> dict[str, Any]:
    return {
        "type": "string",
        "title": "Resource",
        "enum": RESOURCE_NAMES,
        "default": "orders",
    }


class GetRecord(PrestaShopNode):
    spec = spec(
        "prestashop.record.get",
        "PrestaShop: Get",
        "Reads one record of any resource by id, with every field and association.",
        {
            "resource": _resource_field(),
            "idPath": path_field("Id from item field", "id", "Dotted path to the id in the item."),
            "id": {"type": ["integer", "null"], "title": "Fixed id", "default": None},
        },
        {"resource": {"widget": "select"}, "idPath": {"placeholder": "entity.id"}},
        required=("resource",),
    )

    def handle(self, ctx: NodeContext, client: PrestaShopClient, data: Any) -> list[Any]:
        record_id = required_int(pick(data, self.config, "id"), "id", "The record id")
        return [client.get(self.config["resource"], record_id)]


class SearchRecords(PrestaShopNode):
    spec = spec(
        "prestashop.record.search",
        "PrestaShop: Search",
        "Lists the records of any resource that match filters, one output item per record.",
        {
            "resource": _resource_field(),
            "filters": {
                "type": "object",
                "title": "Filters",
                "description": "Field -> PrestaShop filter value: [5], [1|3], [10,20], >[100], "
                "%[shirt]%. A value starting with '=' is a path into the item: =order.reference.",
                "additionalProperties": {"type": "string"},
                "default": {},
            },
            "display": {
                "type": "string",
                "title": "Fields",
                "description": "'full', or a list such as [id,reference,current_state].",
                "default": "full",
            },
            "sort": {"type": "string", "title": "Sort", "default": "[id_ASC]"},
            "limit": {
                "type": "integer",
                "title": "At most",
                "minimum": 1,
                "maximum": 10000,
                "default": 100,
            },
        },
        {
            "resource": {"widget": "select"},
            "filters": {"widget": "keyValue"},
            "display": {"placeholder": "[id,reference]"},
        },
        required=("resource",),
    )

    def handle(self, ctx: NodeContext, client: PrestaShopClient, data: Any) -> list[Any]:
        filters = {
            name: _filter_value(data, value)
            for name, value in dict(self.config.get("filters") or {}).items()
        }
        limit = int(self.config.get("limit", 100))
        rows = client.iterate(
            self.config["resource"],
            display=self.config.get("display") or "full",
            filters=filters,
            sort=self.config.get("sort") or None,
            page_size=min(limit, 100),
        )
        out = []
        for row in rows:
            out.append(row)
            if len(out) >= limit:
                break
        return out


def _filter_value(data: Any, value: str) -> str:
    if value.startswith("="):
        found = value_at(data, value[1:])
        return equals("" if found is None else found)
    return value


class ChangeOrderState(PrestaShopNode):
    spec = spec(
        "prestashop.order.change_state",
        "PrestaShop: Change Order State",
        "Moves an order to a state (paid, shipped...) by posting an order history, as the back "
        "office does; skipped when the order is already there.",
        {
            "orderIdPath": path_field("Order id from item field", "orderId", "Dotted path."),
            "orderId": {"type": ["integer", "null"], "title": "Fixed order id", "default": None},
            "state": {
                "type": "string",
                "title": "New state",
                "description": "A meaning found among the shop's own states by their flags, "
                "or 'by_id' to give the state id.",
                "enum": [*order_states.TARGETS, "by_id"],
                "default": "shipped",
            },
            "stateId": {"type": ["integer", "null"], "title": "State id", "default": None},
            "stateIdPath": path_field(
                "State id from item field",
                "",
                "Dotted path to a state id in the item (e.g. a template setting); "
                "overrides the fixed id.",
            ),
            "sendEmail": {
                "type": "boolean",
                "title": "Send the state's customer e-mail",
                "default": False,
            },
        },
        {
            "state": {"widget": "select"},
            "stateId": {"showWhen": {"state": "by_id"}},
            "stateIdPath": {"showWhen": {"state": "by_id"}},
            "sendEmail": {},
        },
        required=("state",),
        side_effects="idempotent",
    )

    def handle(self, ctx: NodeContext, client: PrestaShopClient, data: Any) -> list[Any]:
        order_id = required_int(pick(data, self.config, "orderId"), "orderId", "The order id")
        target: str | int = self.config.get("state", "shipped")
        if target == "by_id":
            state_id = pick(data, self.config, "stateId")
            target = required_int(state_id, "stateId", "The state id")
        state_id = order_states.resolve(client, target)
        order = client.get("orders", order_id, display="[id,current_state,reference,date_upd]")
        current = int(order["current_state"])
        if current != state_id:
            self._move(ctx, client, order, state_id)
        return [
            {
                "orderId": order_id,
                "reference": order.get("reference"),
                "stateId": state_id,
                "changed": current != state_id,
            }
        ]

    def _move(
        self, ctx: NodeContext, client: PrestaShopClient, order: dict[str, Any], state_id: int
    ) -> None:
        order_id, current = int(order["id"]), int(order["current_state"])
        params = {"sendemail": "1"} if self.config.get("sendEmail") else {}

        def move() -> dict[str, Any]:
            fields = {"id_order": order_id, "id_order_state": state_id}
            client.create("order_histories", fields, **params)
            return {"moved": True}

        if ctx.effects is None:
            move()
            return
        # The key is the move's identity, not the run's: two runs that find the order in the
        # same state at the same moment (a poll and a pushed Infor event) move it once, and a
        # later move between the same states (the order was changed since) is a new one.
        identity = [client.base_url, order_id, current, order.get("date_upd", ""), state_id]
        digest = hashlib.sha256("\n".join(map(str, identity)).encode()).hexdigest()[:32]

        def moved(_key: str, _request: Any) -> dict[str, Any] | None:
            now = client.get("orders", order_id, display="[id,current_state]")
            return {"moved": True} if int(now["current_state"]) == state_id else None

        ctx.once(
            ctx.effect_key("prestashop.order_state", digest),
            "prestashop.order.change_state",
            {"orderId": order_id, "from": current, "to": state_id},
            move,
            reconcile=moved,
        )


class SetTrackingNumber(PrestaShopNode):
    spec = spec(
        "prestashop.order.set_tracking",
        "PrestaShop: Set Tracking Number",
        "Writes the carrier's tracking number on an order (its order carrier).",
        {
            "orderIdPath": path_field("Order id from item field", "orderId", "Dotted path."),
            "orderId": {"type": ["integer", "null"], "title": "Fixed order id", "default": None},
            "trackingNumberPath": path_field(
                "Tracking number from item field", "trackingNumber", "Dotted path."
            ),
            "trackingNumber": {"type": "string", "title": "Fixed tracking number", "default": ""},
            "sendEmail": {
                "type": "boolean",
                "title": "Send the in-transit e-mail",
                "default": False,
            },
        },
        {"sendEmail": {}},
        side_effects="idempotent",
    )

    def handle(self, ctx: NodeContext, client: PrestaShopClient, data: Any) -> list[Any]:
        order_id = required_int(pick(data, self.config, "orderId"), "orderId", "The order id")
        tracking = str(pick(data, self.config, "trackingNumber") or "").strip()
        if not re.match(r"^[~:#,%&_=\(\)\[\]\.\? \+\-@\/a-zA-Z0-9]{1,64}$", tracking):
            raise NodeError(
                "prestashop.input",
                f"Tracking number {tracking!r} is not one PrestaShop accepts: use 1 to 64 "
                "letters, digits and - _ . / # characters.",
                error_class=ErrorClass.VALIDATION,
                field="trackingNumber",
            )
        carrier = client.find_one("order_carriers", {"id_order": equals(order_id)})
        if carrier is None:
            raise NodeError(
                "prestashop.not_found",
                f"Order {order_id} has no carrier line to hold a tracking number; check the "
                "order id.",
                error_class=ErrorClass.NOT_FOUND,
                field="orderId",
            )
        params = {"sendemail": "1"} if self.config.get("sendEmail") else {}
        updated = client.update(
            "order_carriers", carrier["id"], {"tracking_number": tracking}, **params
        )
        return [updated]


class AddOrderPayment(PrestaShopNode):
    spec = spec(
        "prestashop.order.add_payment",
        "PrestaShop: Add Order Payment",
        "Records a payment against an order's reference; a payment with the same transaction id "
        "is never recorded twice.",
        {
            "orderReferencePath": path_field("Order reference from item field", "reference", ""),
            "amountPath": path_field("Amount from item field", "amount", ""),
            "transactionIdPath": path_field("Transaction id from item field", "transactionId", ""),
            "paymentMethod": {"type": "string", "title": "Payment method", "default": "Ferry"},
            "currencyId": {"type": "integer", "title": "Currency id", "minimum": 1, "default": 1},
        },
        {},
        side_effects="idempotent",
    )

    def handle(self, ctx: NodeContext, client: PrestaShopClient, data: Any) -> list[Any]:
        reference = str(pick(data, self.config, "orderReference") or "")
        amount = str(pick(data, self.config, "amount") or "")
        transaction = str(pick(data, self.config, "transactionId") or "")
        if not reference or not re.match(r"^-?\d+(\.\d+)?$", amount):
            raise NodeError(
                "prestashop.input",
                f"A payment needs an order reference and a numeric amount (got {reference!r}, "
                f"{amount!r}): map them into 'reference' and 'amount' of the item.",
                error_class=ErrorClass.VALIDATION,
                field="amount" if reference else "orderReference",
            )
        fields = {
            "order_reference": reference,
            "id_currency": self.config.get("currencyId", 1),
            "amount": amount,
            "payment_method": self.config.get("paymentMethod", "Ferry"),
            "transaction_id": transaction,
        }
        if not transaction:
            return [client.create("order_payments", fields)]

        def known() -> dict[str, Any] | None:
            wanted = {"order_reference": equals(reference), "transaction_id": equals(transaction)}
            found = client.find_one("order_payments", wanted)
            return None if found is None else dict(found)

        def add() -> dict[str, Any]:
            return {"result": known() or dict(client.create("order_payments", fields))}

        if ctx.effects is None:
            return [add()["result"]]
        # The ledger key is the payment's identity, not the run's: two runs that see the same
        # invoice at once (a poll and a pushed event) record it once; the later one waits for
        # the first's outcome or asks the shop.
        identity = "\n".join([client.base_url, reference, transaction]).encode()
        key = ctx.effect_key("prestashop.payment", hashlib.sha256(identity).hexdigest()[:32])
        outcome = ctx.once(
            key,
            "prestashop.order.add_payment",
            {"reference": reference, "transactionId": transaction},
            add,
            reconcile=lambda _key, _request: _payment_found(known()),
        )
        return [outcome["result"]]


def _payment_found(payment: dict[str, Any] | None) -> dict[str, Any] | None:
    return None if payment is None else {"result": payment}


class UpdateStock(PrestaShopNode):
    spec = spec(
        "prestashop.stock.update",
        "PrestaShop: Update Stock",
        "Sets (or changes by a delta) the available quantity of a product or one of its "
        "combinations; the product's own row follows by itself.",
        {
            "productIdPath": path_field("Product id from item field", "productId", ""),
            "referencePath": path_field(
                "Or product/combination reference from item field", "sku", ""
            ),
            "combinationIdPath": path_field("Combination id from item field", "combinationId", ""),
            "quantityPath": path_field("Quantity from item field", "quantity", ""),
            "mode": {
                "type": "string",
                "title": "Quantity is",
                "enum": ["absolute", "delta"],
                "default": "absolute",
            },
        },
        {"mode": {"widget": "select"}},
        side_effects="unsafe",
    )

    def handle(self, ctx: NodeContext, client: PrestaShopClient, data: Any) -> list[Any]:
        product_id, combination_id = _stock_target(client, data, self.config)
        quantity = pick(data, self.config, "quantity")
        if not re.match(r"^-?\d+$", str(quantity)):
            raise NodeError(
                "prestashop.input",
                f"Quantity {quantity!r} is not a whole number: map it into 'quantity' of the item.",
                error_class=ErrorClass.VALIDATION,
                field="quantity",
            )
        row = client.find_one(
            "stock_availables",
            {"id_product": equals(product_id), "id_product_attribute": equals(combination_id)},
        )
        if row is None:
            raise NodeError(
                "prestashop.not_found",
                f"Product {product_id} (combination {combination_id}) has no stock row in this "
                "shop: check the product and the connection's shop id.",
                error_class=ErrorClass.NOT_FOUND,
                field="productId",
            )
        delta = self.config.get("mode") == "delta"
        new = int(row["quantity"]) + int(quantity) if delta else int(quantity)
        key = f"prestashop:{ctx.run_id}:{ctx.node_id}:stock:{row['id']}:{quantity}"

        def write() -> Record:
            return client.update("stock_availables", row["id"], {"quantity": new})

        updated = (
            once(ctx, key, "stock.update", {"id": row["id"], "quantity": new}, write)
            if delta
            else write()
        )
        return [updated]


def _stock_target(client: PrestaShopClient, data: Any, config: dict[str, Any]) -> tuple[int, int]:
    product = pick(data, config, "productId")
    combination = pick(data, config, "combinationId")
    if product not in (None, ""):
        return required_int(product, "productId", "The product id"), int(combination or 0)
    reference = str(pick(data, config, "reference") or "")
    check_reference(reference, "sku")
    match = client.find_one("combinations", {"reference": equals(reference)})
    if match is not None:
        return int(match["id_product"]), int(match["id"])
    match = client.find_one("products", {"reference": equals(reference)})
    if match is None:
        raise NodeError(
            "prestashop.not_found",
            f"No product or combination has the reference {reference!r}: check the SKU or "
            "create the product first.",
            error_class=ErrorClass.NOT_FOUND,
            field="sku",
        )
    return int(match["id"]), 0


def check_reference(reference: str, field: str) -> None:
    """PrestaShop's ``isReference``: 1-64 characters without < > ; = { }."""
    if not reference or len(reference) > 64 or not _REFERENCE.match(reference):
        raise NodeError(
            "prestashop.input",
            f"Product reference {reference!r} is not valid in PrestaShop: use 1 to 64 characters "
            "without < > ; = { }.",
            error_class=ErrorClass.VALIDATION,
            field=field,
        )
