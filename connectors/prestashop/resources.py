"""The Webservice resources the connector works with: element names, fields and write rules.

Field lists follow the shop's output order (spec section 7). They let the client put back the
falsy fields single-object JSON drops, strip read-only fields before a PUT, and reject a field
name before a request is sent.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Resource:
    """One Webservice resource."""

    name: str
    """URL segment and plural element: ``orders``."""
    element: str
    """Singular element of one entity: ``order``."""
    fields: tuple[str, ...]
    read_only: tuple[str, ...] = ()
    """Fields a PUT must not send back (400 code 93 otherwise)."""
    language_fields: tuple[str, ...] = ()
    creatable: bool = True
    deletable: bool = True
    dated: bool = True
    """Has ``date_upd`` to poll on (stock_availables has no dates)."""


def _f(text: str) -> tuple[str, ...]:
    return tuple(text.split())


RESOURCES: dict[str, Resource] = {
    r.name: r
    for r in (
        Resource(
            "orders",
            "order",
            _f(
                "id id_address_delivery id_address_invoice id_cart id_currency id_lang "
                "id_customer id_carrier current_state module invoice_number invoice_date "
                "delivery_number delivery_date valid date_add date_upd shipping_number note "
                "id_shop_group id_shop secure_key payment recyclable gift gift_message "
                "mobile_theme total_discounts total_discounts_tax_incl total_discounts_tax_excl "
                "total_paid total_paid_tax_incl total_paid_tax_excl total_paid_real "
                "total_products total_products_wt total_shipping total_shipping_tax_incl "
                "total_shipping_tax_excl carrier_tax_rate total_wrapping total_wrapping_tax_incl "
                "total_wrapping_tax_excl round_mode round_type conversion_rate reference"
            ),
        ),
        Resource(
            "order_details",
            "order_detail",
            _f(
                "id id_order product_id product_attribute_id product_quantity_reinjected "
                "group_reduction discount_quantity_applied download_hash download_deadline "
                "id_order_invoice id_warehouse id_shop id_customization product_name "
                "product_quantity product_quantity_in_stock product_quantity_return "
                "product_quantity_refunded product_price reduction_percent reduction_amount "
                "reduction_amount_tax_incl reduction_amount_tax_excl product_quantity_discount "
                "product_ean13 product_isbn product_upc product_mpn product_reference "
                "product_supplier_reference product_weight tax_computation_method "
                "id_tax_rules_group ecotax ecotax_tax_rate download_nb unit_price_tax_incl "
                "unit_price_tax_excl total_price_tax_incl total_price_tax_excl "
                "total_shipping_price_tax_excl total_shipping_price_tax_incl "
                "purchase_supplier_price original_product_price original_wholesale_price "
                "total_refunded_tax_excl total_refunded_tax_incl"
            ),
            dated=False,
        ),
        Resource(
            "order_histories",
            "order_history",
            _f("id id_employee id_order_state id_order date_add"),
        ),
        Resource(
            "order_states",
            "order_state",
            _f(
                "id unremovable delivery hidden send_email module_name invoice color logable "
                "shipped paid pdf_delivery pdf_invoice deleted name template"
            ),
            language_fields=("name", "template"),
            dated=False,
        ),
        Resource(
            "order_carriers",
            "order_carrier",
            _f(
                "id id_order id_carrier id_order_invoice weight shipping_cost_tax_excl "
                "shipping_cost_tax_incl tracking_number date_add"
            ),
        ),
        Resource(
            "order_payments",
            "order_payment",
            _f(
                "id order_reference id_currency amount payment_method conversion_rate "
                "transaction_id card_number card_brand card_expiration card_holder date_add"
            ),
        ),
        Resource(
            "order_invoices",
            "order_invoice",
            _f(
                "id id_order number delivery_number delivery_date total_discount_tax_excl "
                "total_discount_tax_incl total_paid_tax_excl total_paid_tax_incl total_products "
                "total_products_wt total_shipping_tax_excl total_shipping_tax_incl "
                "shipping_tax_computation_method total_wrapping_tax_excl total_wrapping_tax_incl "
                "shop_address note date_add"
            ),
        ),
        Resource(
            "customers",
            "customer",
            _f(
                "id id_default_group id_lang newsletter_date_add ip_registration_newsletter "
                "last_passwd_gen secure_key deleted passwd lastname firstname email id_gender "
                "birthday newsletter optin website company siret ape outstanding_allow_amount "
                "show_public_prices id_risk max_payment_days active note is_guest id_shop "
                "id_shop_group date_add date_upd reset_password_token reset_password_validity"
            ),
            read_only=("last_passwd_gen", "secure_key"),
        ),
        Resource(
            "addresses",
            "address",
            _f(
                "id id_customer id_manufacturer id_supplier id_warehouse id_country id_state "
                "alias company lastname firstname vat_number address1 address2 postcode city "
                "other phone phone_mobile dni deleted date_add date_upd"
            ),
        ),
        Resource(
            "countries",
            "country",
            _f(
                "id id_zone id_currency call_prefix iso_code active contains_states "
                "need_identification_number need_zip_code zip_code_format display_tax_label name"
            ),
            language_fields=("name",),
            dated=False,
        ),
        Resource(
            "states",
            "state",
            _f("id id_zone id_country iso_code name active"),
            dated=False,
        ),
        Resource(
            "currencies",
            "currency",
            _f(
                "id names name symbol iso_code numeric_iso_code precision conversion_rate "
                "deleted active unofficial modified pattern"
            ),
            read_only=("names", "name"),
            language_fields=("symbol", "pattern"),
            dated=False,
        ),
        Resource(
            "products",
            "product",
            _f(
                "id id_manufacturer id_supplier id_category_default new cache_default_attribute "
                "id_default_image id_default_combination id_tax_rules_group position_in_category "
                "manufacturer_name quantity type id_shop_default reference supplier_reference "
                "location width height depth weight quantity_discount ean13 isbn upc mpn "
                "cache_is_pack cache_has_attachments is_virtual state additional_delivery_times "
                "delivery_in_stock delivery_out_stock product_type on_sale online_only ecotax "
                "minimal_quantity low_stock_threshold low_stock_alert price wholesale_price unity "
                "unit_price_ratio additional_shipping_cost customizable text_fields "
                "uploadable_files active redirect_type id_type_redirected available_for_order "
                "available_date show_condition condition show_price indexed visibility "
                "advanced_stock_management date_add date_upd pack_stock_type meta_description "
                "meta_keywords meta_title link_rewrite name description description_short "
                "available_now available_later"
            ),
            read_only=(
                "manufacturer_name",
                "quantity",
                "position_in_category",
                "id_default_image",
                "id_default_combination",
                "type",
            ),
            language_fields=(
                "delivery_in_stock",
                "delivery_out_stock",
                "meta_description",
                "meta_keywords",
                "meta_title",
                "link_rewrite",
                "name",
                "description",
                "description_short",
                "available_now",
                "available_later",
            ),
        ),
        Resource(
            "combinations",
            "combination",
            _f(
                "id id_product location ean13 isbn upc mpn quantity reference supplier_reference "
                "wholesale_price price ecotax weight unit_price_impact minimal_quantity "
                "low_stock_threshold low_stock_alert default_on available_date"
            ),
            dated=False,
        ),
        Resource(
            "stock_availables",
            "stock_available",
            _f(
                "id id_product id_product_attribute id_shop id_shop_group quantity "
                "depends_on_stock out_of_stock location"
            ),
            creatable=False,
            deletable=False,
            dated=False,
        ),
        Resource(
            "carriers",
            "carrier",
            _f(
                "id deleted is_module id_tax_rules_group id_reference name active is_free url "
                "shipping_handling shipping_external range_behavior shipping_method max_width "
                "max_height max_depth max_weight grade external_module_name need_range position "
                "delay"
            ),
            read_only=("id_tax_rules_group",),
            language_fields=("delay",),
            dated=False,
        ),
    )
}


def resource(name: str) -> Resource:
    """The resource called ``name``; unknown names get a generic definition (any resource can be
    read; only the listed ones have known fields)."""
    known = RESOURCES.get(name)
    if known:
        return known
    element = name[:-3] + "y" if name.endswith("ies") else name.rstrip("s")
    return Resource(name, element, ())
