"""Street lines re-flowed into the fixed-width address lines of an ERP (M3: CUA1..CUA4, 36)."""

from __future__ import annotations

from dataclasses import dataclass

M3_LINE_WIDTH = 36
M3_LINE_COUNT = 4


@dataclass(frozen=True)
class SplitLines:
    """The lines, and the text that did not fit in ``count`` lines (empty when all did)."""

    lines: list[str]
    overflow: str


def split_lines(
    parts: list[object] | object, width: int = M3_LINE_WIDTH, count: int = M3_LINE_COUNT
) -> SplitLines:
    """Street ``parts`` (address1, address2, ...) in at most ``count`` lines of ``width``.

    Each part starts a new line; a part too long is broken at the last space (or comma) that
    fits, and mid-word only when a single word is wider than a line. Nothing is dropped
    silently: what does not fit is returned as ``overflow`` for the caller to report.
    """
    if width < 1 or count < 1:
        raise ValueError("Line width and count must be at least 1.")
    items = parts if isinstance(parts, list) else [parts]
    lines: list[str] = []
    for part in items:
        text = " ".join(str(part).split()) if part is not None else ""
        while text:
            line, text = _cut(text, width)
            lines.append(line)
    return SplitLines(lines[:count], " ".join(lines[count:]))


def _cut(text: str, width: int) -> tuple[str, str]:
    """The first line of ``text`` and what remains."""
    if len(text) <= width:
        return text, ""
    space = text[: width + 1].rfind(" ")
    if space <= 0:
        return text[:width], text[width:].lstrip()
    return text[:space].rstrip(" ,"), text[space + 1 :].lstrip()
