"""Currency nodes: convert amounts with stamped rates, and keep the stored rates table fresh."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from workflows.nodes.cross_reference import require_tables
from workflows.nodes.evaluation import compile_field, derive, evaluate
from workflows.sdk import ErrorClass, Item, Node, NodeContext, NodeError, NodeResult, NodeSpec, Port
from workflows.sdk.retry import RetryPolicy
from workflows.sdk.spec import ERROR_OUT, MAIN_OUT
from workflows.transforms.currency import (
    CurrencyError,
    Rate,
    convert,
    currency_code,
    find_rate,
    iso_date,
)

RATE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "base": {"type": "string", "pattern": "^[A-Za-z]{3}$"},
        "quote": {"type": "string", "pattern": "^[A-Za-z]{3}$"},
        "rate": {"type": ["string", "number"]},
        "source": {"type": "string"},
        "date": {"type": "string", "format": "date"},
    },
    "required": ["base", "quote", "rate"],
}


class CurrencyConvert(Node):
    spec = NodeSpec(
        type_id="core.currency.convert",
        version=1,
        display_name="Convert Currency",
        description="Converts an amount of each item, stamped with the rate, its source and date.",
        category="Transform",
        icon="currency",
        kind="logic",
        config_schema={
            "type": "object",
            "properties": {
                "amount": {
                    "type": "string",
                    "title": "Amount (JSONata)",
                    "minLength": 1,
                    "default": "total_paid",
                },
                "from": {
                    "type": "string",
                    "title": "From currency (JSONata)",
                    "description": "Gives the ISO 4217 code of the amount's currency.",
                    "minLength": 1,
                    "default": "currency",
                },
                "to": {
                    "type": "string",
                    "title": "To currency",
                    "pattern": "^[A-Za-z]{3}$",
                    "default": "EUR",
                },
                "date": {
                    "type": "string",
                    "title": "Rate date (JSONata)",
                    "description": "The latest rate on or before this date is used; empty: the "
                    "latest rate.",
                    "default": "",
                },
                "rounding": {
                    "type": "string",
                    "title": "Rounding",
                    "enum": ["half_even", "half_up"],
                    "default": "half_even",
                },
                "target": {
                    "type": "string",
                    "title": "Put the result in",
                    "pattern": "^[A-Za-z_][A-Za-z0-9_]*$",
                    "default": "converted",
                },
                "rates": {
                    "type": "array",
                    "title": "Rates",
                    "description": "Used instead of the stored rates table when not empty.",
                    "items": RATE_SCHEMA,
                    "default": [],
                },
            },
            "required": ["amount", "from", "to"],
            "additionalProperties": False,
        },
        ui={
            "amount": {"widget": "jsonata", "placeholder": "total_paid"},
            "from": {"widget": "jsonata", "placeholder": "currency.iso_code"},
            "to": {"widget": "text", "placeholder": "EUR"},
            "date": {"widget": "jsonata", "placeholder": "$substring(date_add, 0, 10)"},
            "rounding": {
                "widget": "select",
                "options": [
                    {"value": "half_even", "label": "Half to even (banker's)"},
                    {"value": "half_up", "label": "Half up"},
                ],
            },
            "target": {"widget": "text"},
            "rates": {"widget": "json"},
        },
        outputs=(MAIN_OUT, Port("no_rate", "No rate"), ERROR_OUT),
        retry=RetryPolicy(maximum_attempts=3, initial_interval=1.0),
        timeout_s=10.0,
        side_effects="none",
        expression_fields=("amount", "from", "date"),
    )

    def execute(self, ctx: NodeContext, inputs: dict[str, list[Item]]) -> NodeResult:
        amount_of = compile_field(self.config["amount"], "amount")
        currency_of = compile_field(self.config["from"], "from")
        date_source = self.config.get("date", "")
        date_of = compile_field(date_source, "date") if date_source.strip() else None
        quote = self.config["to"].upper()
        rounding = self.config.get("rounding", "half_even")
        target = self.config.get("target", "converted")
        inline = _inline_rates(self.config.get("rates", []))
        converted: list[Item] = []
        missing: list[Item] = []
        for index, item in enumerate(inputs.get("main", [])):
            amount = evaluate(amount_of, item.json, ctx, field="amount", index=index)
            base = _code(evaluate(currency_of, item.json, ctx, field="from", index=index), index)
            on = evaluate(date_of, item.json, ctx, field="date", index=index) if date_of else None
            on = _date(on, index) if on else None
            if inline:
                rates = [r for r in inline if not on or not r.date or r.date <= on]
            else:
                rates = self._stored(ctx, base, quote, on)
            rate = find_rate(rates, base, quote)
            if rate is None:
                reason = f"No rate from {base} to {quote}" + (f" on or before {on}." if on else ".")
                missing.append(derive(item, {**_object(item), "noRate": reason}))
                continue
            try:
                result = convert(amount, rate, rounding)
            except CurrencyError as exc:
                raise NodeError(
                    "currency.invalid",
                    f"Item {index}: {exc}",
                    error_class=ErrorClass.VALIDATION,
                    field="amount",
                    details={"itemIndex": index},
                ) from None
            converted.append(derive(item, {**_object(item), target: result}))
        return NodeResult(outputs={"main": converted, "no_rate": missing})

    @staticmethod
    def _stored(ctx: NodeContext, base: str, quote: str, on: str | None) -> list[Rate]:
        return [Rate.from_json(row) for row in require_tables(ctx).rates(base, quote, on)]


class CurrencySetRates(Node):
    spec = NodeSpec(
        type_id="core.currency.set_rates",
        version=1,
        display_name="Set Exchange Rates",
        description="Stores exchange rates in the rates table that conversions read.",
        category="Transform",
        icon="currency",
        kind="action",
        config_schema={
            "type": "object",
            "properties": {
                "rates": {
                    "type": "string",
                    "title": "Rates (JSONata)",
                    "description": "Gives a rate or an array of rates: {base, quote, rate, "
                    "date?, source?}.",
                    "minLength": 1,
                    "default": "$",
                },
                "source": {
                    "type": "string",
                    "title": "Source",
                    "description": "Stamped on rates that do not name their source.",
                    "default": "manual",
                },
            },
            "required": ["rates"],
            "additionalProperties": False,
        },
        ui={
            "rates": {"widget": "jsonata", "placeholder": "rates.{ 'base': 'EUR', ... }"},
            "source": {"widget": "text", "placeholder": "ECB"},
        },
        outputs=(MAIN_OUT, ERROR_OUT),
        retry=RetryPolicy(maximum_attempts=3, initial_interval=1.0),
        timeout_s=30.0,
        side_effects="idempotent",
        expression_fields=("rates",),
    )

    def execute(self, ctx: NodeContext, inputs: dict[str, list[Item]]) -> NodeResult:
        tables = require_tables(ctx)
        expression = compile_field(self.config["rates"], "rates")
        today = datetime.now(UTC).date().isoformat()
        out: list[Item] = []
        for index, item in enumerate(inputs.get("main", [])):
            value = evaluate(expression, item.json, ctx, field="rates", index=index)
            rows = value if isinstance(value, list) else [] if value is None else [value]
            rates = []
            for position, row in enumerate(rows):
                try:
                    rate = Rate.from_json(row)
                except CurrencyError as exc:
                    raise NodeError(
                        "currency.invalid_rate",
                        f"Rate {position} of item {index}: {exc}",
                        error_class=ErrorClass.VALIDATION,
                        field="rates",
                        details={"itemIndex": index, "rate": row},
                    ) from None
                stamped = Rate(
                    rate.base,
                    rate.quote,
                    rate.rate,
                    rate.source or self.config.get("source", "manual"),
                    rate.date or today,
                )
                rates.append(stamped.to_json())
            written = tables.set_rates(rates) if rates else 0
            out.append(derive(item, {**_object(item), "ratesWritten": written}))
        return NodeResult.on("main", out)


def _inline_rates(rows: list[Any]) -> list[Rate]:
    rates = []
    for position, row in enumerate(rows):
        try:
            rates.append(Rate.from_json(row))
        except CurrencyError as exc:
            raise NodeError(
                "currency.invalid_rate",
                f"Rate {position} of the node's rates: {exc}",
                error_class=ErrorClass.VALIDATION,
                field=f"rates.{position}",
            ) from None
    return rates


def _date(value: Any, index: int) -> str:
    try:
        return iso_date(value)
    except CurrencyError as exc:
        raise NodeError(
            "currency.invalid",
            f"Item {index}: {exc}",
            error_class=ErrorClass.VALIDATION,
            field="date",
            details={"itemIndex": index},
        ) from None


def _code(value: Any, index: int) -> str:
    try:
        return currency_code(value, "from")
    except CurrencyError as exc:
        raise NodeError(
            "currency.invalid",
            f"Item {index}: {exc}",
            error_class=ErrorClass.VALIDATION,
            field="from",
            details={"itemIndex": index},
        ) from None


def _object(item: Item) -> dict[str, Any]:
    return dict(item.json) if isinstance(item.json, dict) else {"value": item.json}
