"""The sandbox's M3 catalogue: fields (type, length, heading) and transactions (inputs, outputs).

One table drives input validation, the order and padding of outputs, and MRS001MI discovery.
Mandatory inputs are marked ``*``; outputs follow ``>``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_FIELDS = """
ADID A 6 Address number|ADRT N 2 Address type|AL30 A 30 Item description|ALQT N 15 Allocated qty
ALUN A 3 Alternate U/M|AMT1 N 15 Invoice amount|AMT2 N 15 Amount in local currency
ARDT N 8 Arrival date|AV01 N 15 Allocatable net|AV02 N 15 Available inventory
AVAL N 15 Allocatable on-hand|CONN N 7 Shipment|CONO N 3 Company|CSCD A 3 Country
CSDS N 1 Description in own language|CTYP N 1 Confirmation type|CUA1 A 36 Address line 1
CUA2 A 36 Address line 2|CUA3 A 36 Address line 3|CUA4 A 36 Address line 4
CUCD A 3 Currency|CUDT N 8 Customer order date|CUNM A 36 Customer name|CUNO A 10 Customer
CUOR A 20 Customer order number|CUTM A 10 Customer template|CUTP N 1 Customer type
DATE N 8 Date|DIVI A 3 Division|DLIX N 11 Delivery number|DLQT N 15 Delivered qty
DSDT N 8 Departure date|DSHM N 4 Departure time|DUDT N 8 Due date|ECAR A 2 State
ERRM A 60 Error message|ETRN A 30 External tracking number|FACI A 3 Facility
FLMD N 8 From change date|FLNM A 10 Field name|FLDS A 60 Field description
FUDS A 60 Item description 2|FWNO A 10 Forwarding agent|GRWE N 9 Gross weight
IDAT N 8 Invoice date|INOU N 1 Direction|INPX A 3 Invoice prefix|INST N 1 Invoice status
INVF N 1 Non-zero filter|ITCL A 5 Product group|ITDS A 30 Item name|ITGR A 5 Item group
ITNO A 15 Item number|ITTY A 3 Item type|IVAV N 15 Amount incl. VAT|IVDT N 8 Invoice date
IVNO N 9 Invoice number|IVQT N 15 Invoiced qty|LENG N 3 Field length|LEVL N 1 Error level
LMDT N 8 Change date|LMTS N 18 Timestamp|LNCD A 2 Language|MAIL A 50 E-mail
MDTA A 30 Message data|MINM A 10 Program|MODL A 3 Delivery method|MSID A 7 Message id
NBOL A 20 Bill of lading|NLAM N 15 Net line amount|NRUL N 5 Number of packages
NTAM N 15 Net order amount|ORDT N 8 Order date|ORNO A 10 Order number|ORNR A 10 Order number
ORQT N 15 Ordered qty|ORSL A 2 Lowest line status|ORST A 2 Highest line status
ORTP A 3 Order type|OT65 N 1 Lost sales statistics
PACO A 3 Packaging|PANR A 20 Package number|PARM A 60 Text
PGRS A 2 Delivery status|PHNO A 16 Telephone|PIST A 2 Packing status
PLQT N 15 Picking list qty|PONO A 10 Postal code|PONR N 5 Line number|POPN A 15 Item or alias
POSX N 2 Line suffix|PRUS A 60 Principal user|PYNO A 10 Payer|QUQT N 15 On-hand for inspection
RAFC N 15 Remaining amount|REQT N 15 Reserved qty|RIDL N 6 Order line|RIDN A 10 Order number
RIDX N 3 Line suffix|RJQT N 15 Rejected qty|RLDT N 8 Requested delivery date|RORC N 1 Order category
RSCD A 3 Transaction reason
SAPR N 17 Sales price|SQRY A 900 Search query|SSCC A 18 SSCC|STAT A 2 Status
STQT N 15 On-hand approved|TEDL A 3 Delivery terms|TEID A 21 Tenant|TEPY A 3 Payment terms
TIME N 6 Time|TLMD N 8 To change date|TOWN A 20 City|TRNM A 15 Transaction|TRQT N 15 Transaction qty
TRTP A 1 Direction I/O|TX60 A 60 Message text|TXID N 13 Text id|TYPE N 1 Text for head or line
TYTR N 1 Text type|UNMS A 3 Basic U/M|USER A 10 M3 user|USFN A 40 User name
VOL3 N 9 Volume|VRNO A 16 VAT number|VTAM N 15 VAT amount|WHLO A 3 Warehouse|YEA4 N 4 Year
YREF A 30 Your reference|ZDCONO N 3 Company|ZDDIVI A 3 Division|ZDFACI A 3 Facility
ZZUSID A 10 User|ZZWHLO A 3 Warehouse|TIZO A 5 Time zone|ZDLANC A 2 Language
"""

_TRANSACTIONS = """
* GetCurrentUser > TEID USER PRUS
* GetUserInfo > ZZUSID ZDCONO ZDDIVI ZDFACI ZZWHLO ZDLANC TIZO USFN
* GetServerTime > DATE TIME LMTS
OIS100MI AddBatchHead CUNO* CONO ORTP FACI WHLO ORDT RLDT CUOR CUDT YREF CUCD TEPY MODL
    TEDL ADID > ORNO
OIS100MI AddBatchLine ORNO* ITNO* ORQT WHLO SAPR ALUN CUOR > PONR POSX
OIS100MI AddBatchAddress ORNO* ADRT* ADID CUNM CUA1 CUA2 CUA3 CUA4 PONO TOWN CSCD ECAR
    PHNO YREF VRNO
OIS100MI AddBatchText ORNO* TYPE* TYTR* PARM* PONR POSX LNCD
OIS100MI Confirm ORNO* CONO CTYP > ORNO STAT
OIS100MI GetOrderNo ORNO* > ORNR
OIS100MI LstErrMsgOrder ORNO* > LEVL MDTA TX60 MSID
OIS100MI GetBatchHead ORNO* > ORNO CUNO CUOR STAT ORSL ORST
OIS100MI DelBatchHead ORNO*
OIS100MI GetHead ORNO* > ORNO STAT ORSL ORST CUNO CUOR ORDT RLDT WHLO CUCD NTAM ORTP
OIS100MI LstHead CUNO* ORSL ORST > ORNO STAT ORSL ORST CUOR ORDT RLDT
OIS100MI SearchHead SQRY* > ORNO CUNO STAT ORSL ORST CUOR
OIS100MI DelLine ORNO* PONR* CONO POSX OT65 RSCD
OIS100MI DelHead ORNO* CONO
OIS100MI GetLine ORNO* PONR* POSX > PONR POSX ITNO ORQT ORST ALQT DLQT IVQT SAPR NLAM WHLO
OIS100MI LstLine ORNO* > PONR POSX ITNO ORQT ORST ALQT DLQT IVQT SAPR NLAM WHLO
OIS100MI LstWarehBalance ITNO* > WHLO ITNO AV01 AV02 LMDT
OIS100MI LstNewBalances LMTS* > WHLO ITNO AV01 AV02
OIS100MI LstDelLineByCO ORNO* PONR* POSX > DLIX PGRS TRQT PLQT MODL
CRS610MI Add CUTM* CUNM* CUA1* CUNO CUA2 CUA3 CUA4 PONO TOWN CSCD ECAR PHNO MAIL YREF STAT
    LNCD > CUNO ERRM
CRS610MI ChgBasicData CUNO* CUNM CUA1 CUA2 CUA3 CUA4 PONO TOWN CSCD ECAR PHNO MAIL YREF
    STAT LNCD > CUNO
CRS610MI GetBasicData CUNO* > CUNO CUNM CUA1 CUA2 CUA3 CUA4 PONO TOWN CSCD ECAR PHNO MAIL
    STAT CUCD LNCD LMDT
CRS610MI LstByNumber CONO CUNO LMTS > CUNO CUNM CUA1 TOWN CSCD MAIL STAT CUCD TEPY MODL
    TEDL WHLO ORTP
CRS610MI AddAddress CUNO* ADRT* ADID* CUA1* PONO* CSCD* TOWN* CUNM CUA2 CUA3 CUA4 PHNO
CRS610MI GetAddress CUNO* ADRT* ADID* > CUNO ADRT ADID CUNM CUA1 CUA2 CUA3 CUA4 PONO TOWN
    CSCD PHNO
CRS610MI LstAddresses CUNO* ADRT > CUNO ADRT ADID CUNM CUA1 PONO TOWN CSCD
CRS610MI SearchCustomer SQRY* > CUNO CUNM MAIL TOWN CSCD STAT
MMS200MI Get ITNO* > ITNO ITDS FUDS STAT UNMS ITGR ITCL ITTY GRWE VOL3 LMDT
MMS200MI GetItmBasic ITNO* CONO > ITNO ITDS FUDS STAT UNMS ITGR ITCL ITTY GRWE VOL3 LMDT
MMS200MI LstItmByItm ITNO* > ITNO ITDS STAT UNMS ITGR LMDT
MMS200MI LstItmByChgDate FLMD TLMD CSDS > ITNO ITDS STAT UNMS LMDT
MMS200MI AddItmBasic STAT* ITNO* ITDS* UNMS* ITTY* FUDS ITGR ITCL GRWE VOL3
MMS200MI UpdItmBasic ITNO* ITDS FUDS STAT ITGR ITCL GRWE VOL3
MMS200MI GetItmPrice ITNO* > ITNO SAPR CUCD
MMS200MI GetItmWhsBal WHLO* ITNO* > WHLO ITNO STQT QUQT RJQT ALQT AVAL AV01 AV02 REQT ORQT PLQT
MMS200MI LstSumWhsBal WHLO* POPN* INVF > WHLO ITNO ITDS UNMS STAT STQT ALQT AV01 AV02
MMS060MI LstViaItem ITNO* WHLO > WHLO ITNO STQT ALQT STAT
MMS060MI LstNewItemBal ITNO* LMTS* > WHLO STAT STQT
MWS410MI GetHead DLIX* CONO > DLIX ETRN FWNO MODL CONN DSDT DSHM PGRS PIST IVNO NBOL NRUL RIDN
MWS411MI LstDelLnByOrd RORC* RIDN* RIDL RIDX > DLIX ITNO TRQT PLQT RIDL
MWS423MI LstPackDel DLIX PANR PACO > PANR SSCC ETRN GRWE VOL3 DSDT PGRS INOU CONN
MWS423MI LstPackages INOU* DLIX* PACO* > PANR SSCC ETRN PACO
DRS100MI GetShipment CONN* > CONN FWNO DSDT DSHM ARDT
OIS350MI LstInvHeadByCo ORNO* > IVNO IVDT YEA4 DLIX CUNO PYNO AMT1 AMT2 CUCD DUDT INPX ORST
OIS350MI LstAllInvByCO ORNO* > IVNO YEA4 IDAT IVAV RAFC CUCD DUDT
OIS350MI GetInvHead YEA4* IVNO* > IVNO YEA4 INST IDAT DUDT CUCD CUNO PYNO IVAV
OIS350MI LstInvLine YEA4* IVNO* > ORNO DLIX ITNO IVQT AMT1 VTAM
MRS001MI LstPrograms MINM > MINM TX60
MRS001MI LstTransactions MINM* > MINM TRNM TX60
MRS001MI LstFields MINM* TRNM* TRTP > FLNM TYPE LENG FLDS
MRS001MI LstAdtFieldInf MINM* TRNM* TRTP* > FLNM TYPE LENG FLDS
"""

PROGRAM_NAMES = {
    "OIS100MI": "Customer order interface",
    "CRS610MI": "Customer interface",
    "MMS200MI": "Item interface",
    "MMS060MI": "Balance identity interface",
    "MWS410MI": "Delivery interface",
    "MWS411MI": "Delivery line interface",
    "MWS423MI": "Package interface",
    "DRS100MI": "Shipment interface",
    "OIS350MI": "Customer invoice interface",
    "MRS001MI": "MI metadata",
    "MNS150MI": "User interface",
}


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    """``A`` alpha or ``N`` numeric, as M3 metadata says."""
    length: int
    heading: str


@dataclass(frozen=True)
class Transaction:
    program: str
    name: str
    inputs: tuple[str, ...]
    mandatory: frozenset[str]
    outputs: tuple[str, ...]


def _fields() -> dict[str, Field]:
    fields = {}
    for entry in re.split(r"[|\n]", _FIELDS):
        if entry.strip():
            name, kind, length, heading = entry.split(maxsplit=3)
            fields[name] = Field(name, kind, int(length), heading)
    return fields


def _transactions() -> dict[tuple[str, str], Transaction]:
    table = {}
    # An indented line continues the one above it.
    for line in _TRANSACTIONS.replace("\n    ", " ").strip().splitlines():
        head, _, outputs = line.partition(">")
        program, name, *inputs = head.split()
        table[(program, name)] = Transaction(
            program,
            name,
            tuple(i.rstrip("*") for i in inputs),
            frozenset(i.rstrip("*") for i in inputs if i.endswith("*")),
            tuple(outputs.split()),
        )
    return table


FIELDS = _fields()
TRANSACTIONS = _transactions()
GENERIC = "*"
"""Program key of the transactions every program answers."""


def find(program: str, transaction: str) -> Transaction | None:
    return TRANSACTIONS.get((program, transaction)) or TRANSACTIONS.get((GENERIC, transaction))


def field(name: str) -> Field:
    return FIELDS.get(name) or Field(name, "A", 30, name)


def programs() -> list[str]:
    return sorted({program for program, _ in TRANSACTIONS if program != GENERIC})
