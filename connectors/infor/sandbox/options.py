"""The v2 options of a call, from the query string, matrix parameters or a bulk body."""

from __future__ import annotations

from dataclasses import dataclass

from connectors.infor.sandbox.dates import FORMATS

OPTION_NAMES = frozenset(
    {
        "cono",
        "divi",
        "lanc",
        "locale",
        "timeZone",
        "maxrecs",
        "returncols",
        "dateformat",
        "excludeempty",
        "excludempty",
        "righttrim",
        "format",
        "extendedresult",
        "m3user",
    }
)


@dataclass
class Options:
    company: str = ""
    max_records: int | None = None
    return_columns: tuple[str, ...] = ()
    right_trim: bool = True
    exclude_empty: bool = False
    extended_result: bool = False
    date_format: str = "YMD8"


def split_matrix(segment: str) -> tuple[str, dict[str, str]]:
    """``LstByNumber;maxrecs=20;returncols=CUNO`` -> name and its matrix parameters."""
    name, *pairs = segment.split(";")
    params = {}
    for pair in pairs:
        key, _, value = pair.partition("=")
        if key:
            params[key] = value
    return name, params


def read_options(values: dict[str, str]) -> Options:
    """Options from query/matrix values; bad numbers raise ValueError naming the option."""
    options = Options(company=values.get("cono", "").strip())
    if values.get("maxrecs", "").strip():
        try:
            options.max_records = int(values["maxrecs"])
        except ValueError:
            options.max_records = -1
        if options.max_records < 0:
            raise ValueError("maxrecs must be a whole number, 0 or more")
    columns = values.get("returncols", "")
    options.return_columns = tuple(c.strip() for c in columns.split(",") if c.strip())
    options.right_trim = _flag(values.get("righttrim"), True)
    options.exclude_empty = _flag(values.get("excludeempty", values.get("excludempty")), False)
    options.extended_result = _flag(values.get("extendedresult"), False)
    options.date_format = values.get("dateformat", "").strip() or "YMD8"
    if options.date_format not in FORMATS:
        raise ValueError(f"dateformat must be one of {', '.join(FORMATS)}")
    return options


def bulk_options(query: Options, body: dict[str, object]) -> Options:
    """Bulk body keys (camelCase) override the query string's options."""
    if body.get("cono") not in (None, ""):
        query.company = str(body["cono"])
    if isinstance(body.get("maxReturnedRecords"), int):
        query.max_records = int(str(body["maxReturnedRecords"]))
    if isinstance(body.get("rightTrim"), bool):
        query.right_trim = bool(body["rightTrim"])
    if isinstance(body.get("excludeEmptyValues"), bool):
        query.exclude_empty = bool(body["excludeEmptyValues"])
    return query


def _flag(value: str | None, default: bool) -> bool:
    if value is None or not value.strip():
        return default
    return value.strip().lower() == "true"
