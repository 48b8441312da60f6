"""Transactions every M3 program answers: who am I, what time is it."""

from __future__ import annotations

from connectors.infor.sandbox.programs import Call, Row, handles
from connectors.infor.sandbox.state import COMPANY, DIVISION, FACILITY


@handles("*", "GetCurrentUser")
def get_current_user(call: Call) -> list[Row]:
    return [{"TEID": call.tenant.tenant_id, "USER": call.user, "PRUS": f"{call.user}@ferry.test"}]


@handles("*", "GetUserInfo")
def get_user_info(call: Call) -> list[Row]:
    return [
        {
            "ZZUSID": call.user,
            "ZDCONO": COMPANY,
            "ZDDIVI": DIVISION,
            "ZDFACI": FACILITY,
            "ZZWHLO": "001",
            "ZDLANC": "GB",
            "TIZO": "UTC",
            "USFN": "Ferry service account",
        }
    ]


@handles("*", "GetServerTime")
def get_server_time(call: Call) -> list[Row]:
    clock = call.tenant.clock
    return [{"DATE": clock.date(), "TIME": clock.hhmm() + "00", "LMTS": call.tenant.lmts()}]
