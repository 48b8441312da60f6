"""Webservice errors as the shop raises them: a status and an ordered list of (code, message)."""

from __future__ import annotations

from collections.abc import Sequence

PHP_WARNINGS_AFTER_BAD_QUERY = tuple(
    (
        3,
        "[PHP Warning #2] Trying to access array offset on value of type bool "
        f"(<shop-root>/classes/webservice/WebserviceRequest.php, line {line})",
    )
    for line in (1330, 1331, 1332, 1333)
)
"""What PHP 8 appends after a bad filter, sort, display or limit (spec 6.2)."""


class WebserviceError(Exception):
    """Raised anywhere in request handling; the dispatcher renders it in the asked format."""

    def __init__(self, status: int, errors: Sequence[tuple[int, str]]) -> None:
        super().__init__(errors[0][1] if errors else str(status))
        self.status = status
        self.errors = list(errors)


class EmptyNotFound(Exception):
    """A GET of a missing id: 404 with an empty body and an empty Content-Type."""


def closest(word: str, choices: Sequence[str]) -> str:
    """PHP's levenshtein loop as PrestaShop writes it: on a tie the later choice wins."""
    best, shortest = "", -1
    for choice in choices:
        distance = levenshtein(word, choice)
        if distance <= shortest or shortest < 0:
            best, shortest = choice, distance
    return best


def levenshtein(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, left in enumerate(a, 1):
        current = [i]
        for j, right in enumerate(b, 1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (left != right))
            )
        previous = current
    return previous[-1]


def bad_query(status_with_warnings: bool, code: int, message: str) -> WebserviceError:
    """A query error: 400 on old PHP, 500 plus four PHP warnings on PHP 8 (the 8.0 recording)."""
    if status_with_warnings:
        return WebserviceError(500, [(code, message), *PHP_WARNINGS_AFTER_BAD_QUERY])
    return WebserviceError(400, [(code, message)])
