"""PrestaShopClient: the Webservice (``/api/``) over httpx, for PrestaShop 1.7, 8 and 9.

Reads ask for JSON (always with ``display`` so the list shape keeps falsy fields); writes send XML
and read the XML answer, which loses nothing. The key goes as HTTP Basic user name; when a host
strips the ``Authorization`` header (PHP-CGI/FPM), the shop answers a plain-text 401 and the
client switches to the ``ws_key`` query parameter for the rest of its life. The client never
retries on its own: it raises typed errors that say whether a retry could help.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx

from connectors.prestashop import parsing, query, xml_writer
from connectors.prestashop.errors import (
    NotAPrestaShopError,
    NotFoundError,
    PrestaShopError,
    ShopTimeoutError,
    ShopUnreachableError,
    ValidationError,
    classify,
)
from connectors.prestashop.resources import resource

Record = dict[str, Any]


@dataclass(frozen=True)
class ShopInfo:
    """What ``GET /api/`` tells about the shop and the key."""

    name: str
    version: str
    permissions: dict[str, set[str]] = field(default_factory=dict)
    """Methods granted to the key, per resource."""


def normalise_base_url(url: str) -> str:
    """The shop root without ``/api`` or a trailing slash: ``https://shop.example/fr``."""
    base = url.strip().rstrip("/")
    if base.endswith("/api"):
        base = base[: -len("/api")]
    if not base.startswith(("http://", "https://")):
        base = "https://" + base
    return base


def version_major(version: str | None) -> int:
    """``8`` for ``8.0.0``, ``1`` for ``1.7.8.11``; 0 when unknown."""
    if not version:
        return 0
    head = version.split(".", 1)[0]
    return int(head) if head.isdigit() else 0


CacheKey = tuple[str, tuple[tuple[str, str], ...], bool]


class AnswerCache:
    """The last ``size`` GET answers that carried a ``Content-Sha1``, least recent dropped."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._answers: OrderedDict[CacheKey, httpx.Response] = OrderedDict()

    def get(self, key: CacheKey) -> httpx.Response | None:
        answer = self._answers.get(key)
        if answer is not None:
            self._answers.move_to_end(key)
        return answer

    def put(self, key: CacheKey, response: httpx.Response) -> None:
        if self.size <= 0 or not response.content or "Content-Sha1" not in response.headers:
            return
        self._answers[key] = response
        self._answers.move_to_end(key)
        while len(self._answers) > self.size:
            self._answers.popitem(last=False)


def _unchanged(response: httpx.Response) -> bool:
    # 8+ answers 304; 1.7 drops the body but keeps 200 (spec, version matrix).
    return response.status_code == 304 or (response.status_code == 200 and not response.content)


class PrestaShopClient:
    """One shop, one key. ``http`` is injected so tests and the engine supply their own."""

    def __init__(
        self,
        base_url: str,
        api_key: str,
        *,
        shop_id: int | str | None = None,
        http: httpx.Client | None = None,
        timeout: float = 30.0,
        remembered_answers: int = 0,
    ) -> None:
        self.base_url = normalise_base_url(base_url)
        self.answers = AnswerCache(remembered_answers)
        """GET answers kept with their ``Content-Sha1`` for conditional requests (none by
        default: a node's client lives for one run)."""
        self.api_key = api_key.strip()
        self.shop_id = shop_id
        self.http = http or httpx.Client(timeout=timeout)
        self.version: str | None = None
        """``PSWS-Version`` of the last authenticated answer (``8.0.0``), None before any."""
        self.use_query_key = False
        """True once the host was found to strip the Authorization header."""

    # -- transport -------------------------------------------------------------------------

    def request(
        self,
        method: str,
        path: str,
        params: Sequence[tuple[str, str]] = (),
        *,
        body: str | None = None,
        json_output: bool = True,
        headers: Mapping[str, str] | None = None,
    ) -> httpx.Response:
        """Send one request; return the response when it succeeded, raise a typed error else.

        A GET the client remembers is sent with ``Local-Content-Sha1``; when the shop says the
        body is unchanged (304, or the empty 200 of 1.7 shops) the remembered answer is returned.
        """
        cache_key = (path, tuple(params), json_output)
        remembered = self.answers.get(cache_key) if method == "GET" else None
        if remembered is not None:
            headers = {**(headers or {}), "Local-Content-Sha1": remembered.headers["Content-Sha1"]}
        response = self._send(method, path, params, body, json_output, headers)
        if response.status_code == 401 and self._header_stripped(response):
            self.use_query_key = True
            response = self._send(method, path, params, body, json_output, headers)
        self._remember_version(response)
        if response.status_code >= 400:
            raise self._error(response)
        if not self._is_webservice(response):
            raise self._not_a_shop()
        if remembered is not None and _unchanged(response):
            return remembered
        if method == "GET":
            self.answers.put(cache_key, response)
        return response

    def _send(
        self,
        method: str,
        path: str,
        params: Sequence[tuple[str, str]],
        body: str | None,
        json_output: bool,
        headers: Mapping[str, str] | None,
    ) -> httpx.Response:
        all_params: list[tuple[str, str | int | float | bool | None]] = list(params)
        if self.shop_id not in (None, ""):
            all_params.append(("id_shop", str(self.shop_id)))
        sent_headers = dict(headers or {})
        auth: httpx.BasicAuth | None = None
        if self.use_query_key:
            all_params.append(("ws_key", self.api_key))
        else:
            auth = httpx.BasicAuth(self.api_key, "")
        if json_output:
            sent_headers["Output-Format"] = "JSON"
        if body is not None:
            sent_headers.setdefault("Content-Type", "application/xml")
        url = f"{self.base_url}/api/{path.lstrip('/')}"
        try:
            return self.http.request(
                method,
                url,
                params=tuple(all_params),
                content=body,
                headers=sent_headers,
                auth=auth,
            )
        except httpx.TimeoutException as exc:
            raise ShopTimeoutError(
                f"The shop at {self.base_url} did not answer in time; try again later or raise "
                "the node's timeout."
            ) from exc
        except httpx.TransportError as exc:
            raise ShopUnreachableError(
                f"Could not reach {self.base_url} ({exc.__class__.__name__}): check the shop URL "
                "and that the shop is online."
            ) from exc

    def _header_stripped(self, response: httpx.Response) -> bool:
        # A plain-text 401 means the shop saw no key at all: the Basic header never arrived.
        return (
            not self.use_query_key
            and bool(self.api_key)
            and "PrestaShop" in response.headers.get("WWW-Authenticate", "")
            and not parsing.errors_from_body(response.text)
        )

    def _remember_version(self, response: httpx.Response) -> None:
        version = response.headers.get("PSWS-Version")
        if version and version != "0":
            self.version = version

    @staticmethod
    def _is_webservice(response: httpx.Response) -> bool:
        powered = response.headers.get("X-Powered-By", "")
        return "PSWS-Version" in response.headers or "PrestaShop" in powered

    def _not_a_shop(self) -> NotAPrestaShopError:
        return NotAPrestaShopError(
            f"{self.base_url} answered, but not as a PrestaShop Webservice: use the shop's home "
            "address (the part before /api/) and check that the shop's /api/ URL rewriting works."
        )

    def _error(self, response: httpx.Response) -> PrestaShopError:
        errors = parsing.errors_from_body(response.text)
        status = response.status_code
        if not errors and not self._is_webservice(response) and status not in (401, 429):
            if status < 500:
                return self._not_a_shop()
        retry_after = _retry_after(response.headers.get("Retry-After"))
        return classify(status, errors, retry_after)

    # -- shop ------------------------------------------------------------------------------

    def shop_info(self) -> ShopInfo:
        """Name, version and the key's permissions, from the XML root listing (JSON gives 500
        on PHP 8 shops)."""
        response = self.request("GET", "", json_output=False)
        name, permissions = parsing.resource_permissions(response.text)
        return ShopInfo(name, self.version or "", permissions)

    def detect_version(self) -> str:
        """``PSWS-Version`` from a ``HEAD /api/``."""
        self.request("HEAD", "", json_output=False)
        return self.version or ""

    @property
    def supports_patch(self) -> bool:
        return version_major(self.version) >= 8

    # -- reads -----------------------------------------------------------------------------

    def list(
        self,
        name: str,
        *,
        display: str | Sequence[str] | None = "full",
        filters: Mapping[str, str] | None = None,
        sort: str | Sequence[str] | None = None,
        limit: int | None = None,
        offset: int = 0,
        language: int | str | None = None,
        date: bool = False,
    ) -> list[Record]:
        """One page of records (or all of them without ``limit``)."""
        params = query.build_params(
            display=display,
            filters=filters,
            sort=sort,
            limit=limit,
            offset=offset,
            language=language,
            date=date,
        )
        return records_of(self.request("GET", name, params), name)

    def iterate(
        self,
        name: str,
        *,
        display: str | Sequence[str] | None = "full",
        filters: Mapping[str, str] | None = None,
        sort: str | Sequence[str] | None = None,
        page_size: int = 50,
        language: int | str | None = None,
    ) -> Iterator[Record]:
        """Every matching record, one page in memory at a time, in a stable order."""
        keys = query.stable_sort(sort)
        offset = 0
        while True:
            page = self.list(
                name,
                display=display,
                filters=filters,
                sort=keys,
                limit=page_size,
                offset=offset,
                language=language,
            )
            yield from page
            if len(page) < page_size:
                return
            offset += page_size

    def get(self, name: str, record_id: int | str, *, display: str = "full") -> Record:
        """One record with every field (``display`` keeps the falsy ones single JSON drops)."""
        _check_id(name, record_id)
        try:
            response = self.request("GET", f"{name}/{record_id}", [("display", display)])
        except NotFoundError as exc:
            raise NotFoundError(
                f"{resource(name).element} {record_id} does not exist in the shop.",
                status=exc.status,
                errors=exc.errors,
            ) from exc
        records = records_of(response, name)
        if not records:
            raise NotFoundError(f"{resource(name).element} {record_id} does not exist.")
        return records[0]

    def find_one(self, name: str, filters: Mapping[str, str]) -> Record | None:
        """The first record matching ``filters`` (lowest id), or None."""
        page = self.list(name, filters=filters, sort=["id_ASC"], limit=1)
        return page[0] if page else None

    # -- writes ----------------------------------------------------------------------------

    def create(self, name: str, fields: Mapping[str, Any], **params: str) -> Record:
        """POST one record; returns it as the shop saved it."""
        body = xml_writer.document(resource(name).element, fields)
        response = self.request("POST", name, list(params.items()), body=body, json_output=False)
        return _first(parsing.records_from_xml(response.text))

    def update(
        self, name: str, record_id: int | str, fields: Mapping[str, Any], **params: str
    ) -> Record:
        """Change only ``fields``: PATCH on 8+, GET-modify-PUT on 1.7 (which has no PATCH)."""
        _check_id(name, record_id)
        if self.version is None:
            self.detect_version()
        if self.supports_patch:
            body = xml_writer.document(resource(name).element, {"id": record_id, **fields})
            response = self.request(
                "PATCH", f"{name}/{record_id}", list(params.items()), body=body, json_output=False
            )
            return _first(parsing.records_from_xml(response.text))
        current = self.get_for_write(name, record_id)
        current.update(fields)
        return self.replace(name, current, **params)

    def get_for_write(self, name: str, record_id: int | str) -> Record:
        """The full record read as XML (language ids intact), minus read-only fields."""
        response = self.request("GET", f"{name}/{record_id}", json_output=False)
        record = _first(parsing.records_from_xml(response.text, languages=True))
        for read_only in resource(name).read_only:
            record.pop(read_only, None)
        return record

    def replace(self, name: str, record: Mapping[str, Any], **params: str) -> Record:
        """PUT a whole record: every optional field missing from it is emptied by the shop."""
        body = xml_writer.document(resource(name).element, record)
        response = self.request(
            "PUT", f"{name}/{record['id']}", list(params.items()), body=body, json_output=False
        )
        return _first(parsing.records_from_xml(response.text))

    def delete(self, name: str, ids: int | str | Sequence[int | str]) -> None:
        if isinstance(ids, (int, str)):
            self.request("DELETE", f"{name}/{ids}", json_output=False)
        else:
            self.request("DELETE", name, [("id", query.one_of(ids))], json_output=False)

    def schema(self, name: str, kind: str = "synopsis") -> str:
        """The XML skeleton (``blank``) or field rules (``synopsis``) of a resource."""
        return self.request("GET", name, [("schema", kind)], json_output=False).text


def records_of(response: httpx.Response, name: str = "") -> list[Record]:
    """Records of a read, by what the shop actually sent (a shop may ignore Output-Format);
    ``name`` lets a single JSON object get back the falsy fields the shop dropped."""
    if response.text.lstrip().startswith("<"):
        return parsing.records_from_xml(response.text)
    fields = resource(name).fields if name else ()
    return parsing.records_from_json(parsing.parse_json(response.text), fields)


def _first(records: list[Record]) -> Record:
    if not records:
        raise NotFoundError("The shop answered without a record.")
    return records[0]


def _check_id(name: str, record_id: int | str) -> None:
    text = str(record_id)
    if not text.isdigit() or int(text) <= 0:
        raise ValidationError(
            f"{resource(name).element} id {record_id!r} is not valid: use a positive whole "
            "number, as shown in the shop's back office.",
            field="id",
        )


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None
