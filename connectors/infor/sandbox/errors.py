"""How a sandbox transaction refuses: the M3 error fields of the v2 envelope."""

from __future__ import annotations


class MIError(Exception):
    """A refused transaction. ``kind`` becomes ``errorType``."""

    def __init__(
        self, message: str, code: str = "", field: str = "", kind: str = "ServerReturnedNOK"
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field
        self.kind = kind


def not_found(what: str, value: str, code: str, field: str) -> MIError:
    return MIError(f"{what} {value} does not exist", code, field)
