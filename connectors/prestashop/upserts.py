"""Upsert nodes: customers (found by e-mail) with their address (by alias), and products (by
reference) with their combinations (by reference). Existing records get only the given fields."""

from __future__ import annotations

import re
import secrets
from typing import Any

from connectors.prestashop.actions import check_reference
from connectors.prestashop.client import PrestaShopClient
from connectors.prestashop.node_base import PrestaShopNode, value_at
from connectors.prestashop.query import equals
from connectors.prestashop.specs import path_field, spec
from workflows.sdk import ErrorClass, NodeContext, NodeError

Record = dict[str, Any]
CUSTOMER_FIELDS = ("firstname", "lastname", "company", "newsletter", "optin", "active", "note")
ADDRESS_FIELDS = (
    "alias",
    "company",
    "lastname",
    "firstname",
    "vat_number",
    "address1",
    "address2",
    "postcode",
    "city",
    "other",
    "phone",
    "phone_mobile",
    "dni",
)
PRODUCT_FIELDS = ("price", "wholesale_price", "ean13", "upc", "mpn", "active", "weight")
COMBINATION_FIELDS = ("price", "wholesale_price", "ean13", "upc", "mpn", "weight")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _part(data: Any, path: str) -> Any:
    return data if not path else value_at(data, path)


def _given(source: dict[str, Any], names: tuple[str, ...]) -> Record:
    return {name: source[name] for name in names if source.get(name) not in (None, "")}


def _upsert(
    client: PrestaShopClient, resource: str, found: Record | None, fields: Record
) -> Record:
    if found is None:
        return client.create(resource, fields)
    if not fields:
        return found
    return client.update(resource, found["id"], fields)


class UpsertCustomer(PrestaShopNode):
    spec = spec(
        "prestashop.customer.upsert",
        "PrestaShop: Upsert Customer and Address",
        "Creates or updates a customer found by e-mail and, when given, their address found by "
        "alias.",
        {
            "customerPath": path_field("Customer in item field", "", "Empty: the item itself."),
            "addressPath": path_field("Address in item field", "address", "Empty: no address."),
            "languageId": {"type": "integer", "title": "Language id", "minimum": 1, "default": 1},
            "groupId": {
                "type": "integer",
                "title": "Customer group id",
                "minimum": 1,
                "default": 3,
            },
        },
        {"customerPath": {"placeholder": "customer"}, "addressPath": {"placeholder": "address"}},
        side_effects="idempotent",
    )

    def handle(self, ctx: NodeContext, client: PrestaShopClient, data: Any) -> list[Any]:
        source = _part(data, str(self.config.get("customerPath") or "")) or {}
        email = str(source.get("email", "")).strip()
        if not _EMAIL.match(email):
            raise NodeError(
                "prestashop.input",
                f"The customer e-mail {email!r} is missing or malformed: map an address such as "
                "name@example.com into 'email'.",
                error_class=ErrorClass.VALIDATION,
                field="email",
            )
        found = client.find_one("customers", {"email": equals(email), "deleted": "[0]"})
        fields = _given(source, CUSTOMER_FIELDS)
        if found is None:
            group = self.config.get("groupId", 3)
            fields.update(
                email=email,
                passwd=secrets.token_urlsafe(18),
                id_default_group=group,
                id_lang=self.config.get("languageId", 1),
                active=fields.get("active", 1),
                associations={"groups": [{"id": group}]},
            )
        customer = _upsert(client, "customers", found, fields)
        result: Record = {"customer": customer, "created": found is None}
        address_path = str(self.config.get("addressPath") or "")
        address = value_at(data, address_path) if address_path else None
        if isinstance(address, dict) and address:
            result["address"] = self._address(client, customer, address)
        return [result]

    def _address(self, client: PrestaShopClient, customer: Record, data: dict[str, Any]) -> Record:
        fields = _given(data, ADDRESS_FIELDS)
        fields.setdefault("alias", "Main")
        fields.setdefault("firstname", customer.get("firstname"))
        fields.setdefault("lastname", customer.get("lastname"))
        fields["id_country"] = _country(client, data)
        found = client.find_one(
            "addresses",
            {
                "id_customer": equals(customer["id"]),
                "alias": equals(fields["alias"]),
                "deleted": "[0]",
            },
        )
        if found is None:
            fields["id_customer"] = customer["id"]
        return _upsert(client, "addresses", found, fields)


def _country(client: PrestaShopClient, data: dict[str, Any]) -> int:
    if str(data.get("id_country", "")).isdigit():
        return int(data["id_country"])
    iso = str(data.get("countryIso") or data.get("country") or "").strip().upper()
    country = client.find_one("countries", {"iso_code": equals(iso)}) if len(iso) == 2 else None
    if country is None:
        raise NodeError(
            "prestashop.input",
            f"The address country {iso!r} is not a country of this shop: give its two-letter ISO "
            "code (FR, US...) in 'countryIso' or its id in 'id_country'.",
            error_class=ErrorClass.VALIDATION,
            field="countryIso",
        )
    return int(country["id"])


class UpsertProduct(PrestaShopNode):
    spec = spec(
        "prestashop.product.upsert",
        "PrestaShop: Upsert Product and Combinations",
        "Creates or updates a product found by reference and, when given, its combinations "
        "found by reference.",
        {
            "productPath": path_field("Product in item field", "", "Empty: the item itself."),
            "combinationsPath": path_field(
                "Combinations in item field", "combinations", "A list; empty for none."
            ),
            "languageId": {"type": "integer", "title": "Language id", "minimum": 1, "default": 1},
            "categoryId": {
                "type": "integer",
                "title": "Default category id (new products)",
                "minimum": 1,
                "default": 2,
            },
        },
        {"productPath": {"placeholder": "product"}},
        side_effects="idempotent",
    )

    def handle(self, ctx: NodeContext, client: PrestaShopClient, data: Any) -> list[Any]:
        source = _part(data, str(self.config.get("productPath") or "")) or {}
        reference = str(source.get("reference", "")).strip()
        check_reference(reference, "reference")
        language = str(self.config.get("languageId", 1))
        fields = _given(source, PRODUCT_FIELDS)
        if source.get("name"):
            fields["name"] = {language: source["name"]}
        found = client.find_one("products", {"reference": equals(reference)})
        if found is None:
            if "price" not in fields or "name" not in fields:
                raise NodeError(
                    "prestashop.input",
                    f"Product {reference!r} does not exist yet and needs a 'name' and a 'price' "
                    "to be created.",
                    error_class=ErrorClass.VALIDATION,
                    field="price" if "name" in fields else "name",
                )
            slug = re.sub(r"[^a-z0-9]+", "-", str(source["name"]).lower()).strip("-") or "product"
            fields.update(
                reference=reference,
                link_rewrite={language: slug},
                id_category_default=self.config.get("categoryId", 2),
                state=1,
                associations={"categories": [{"id": self.config.get("categoryId", 2)}]},
            )
        product = _upsert(client, "products", found, fields)
        result: Record = {"product": product, "created": found is None, "combinations": []}
        path = str(self.config.get("combinationsPath") or "")
        for variant in (value_at(data, path) if path else None) or []:
            result["combinations"].append(self._combination(client, product, variant))
        return [result]

    def _combination(self, client: PrestaShopClient, product: Record, data: Any) -> Record:
        reference = str((data or {}).get("reference", "")).strip()
        check_reference(reference, "combinations.reference")
        fields = _given(data, COMBINATION_FIELDS)
        found = client.find_one(
            "combinations", {"id_product": equals(product["id"]), "reference": equals(reference)}
        )
        if found is None:
            fields.update(id_product=product["id"], reference=reference, minimal_quantity=1)
        return _upsert(client, "combinations", found, fields)
