"""The ``dateformat`` option: how date fields (stored as yyyyMMdd) are written in the response."""

from __future__ import annotations

from datetime import date

DATE_FIELDS = frozenset(
    {"ORDT", "RLDT", "CUDT", "DSDT", "ARDT", "DUDT", "IVDT", "IDAT", "LMDT", "DATE", "FLMD", "TLMD"}
)
FORMATS = ("YMD8", "YMD6", "MDY6", "DMY6", "YWD5", "YMD8-")


def format_date(value: str, style: str) -> str:
    """``20260105`` in the chosen style; values that are not dates pass unchanged."""
    if len(value) != 8 or not value.isdigit() or style == "YMD8":
        return value
    try:
        day = date(int(value[:4]), int(value[4:6]), int(value[6:]))
    except ValueError:
        return value
    if style == "YWD5":
        year, week, weekday = day.isocalendar()
        return f"{year % 100:02d}{week:02d}{weekday}"
    patterns = {"YMD6": "%y%m%d", "MDY6": "%m%d%y", "DMY6": "%d%m%y", "YMD8-": "%Y-%m-%d"}
    return day.strftime(patterns[style])
