"""The `.ionapi` file: what is required, and the URLs derived from it."""

from __future__ import annotations

import pytest

from connectors.infor.ionapi import IonApiFileError, parse_ionapi
from connectors.infor.tests.samples import ionapi_text


def test_it_derives_token_revoke_and_api_urls() -> None:
    ionapi = parse_ionapi(ionapi_text())
    assert ionapi.token_url == "https://sso.example.test:443/FERRY_TST/as/token.oauth2"
    assert ionapi.revoke_url == "https://sso.example.test:443/FERRY_TST/as/revoke_token.oauth2"
    assert ionapi.api_base == "https://ionapi.example.test/FERRY_TST"


def test_it_uses_the_password_grant_when_the_file_has_service_account_keys() -> None:
    assert parse_ionapi(ionapi_text()).grant == "password"
    assert parse_ionapi(ionapi_text(saak=None, sask=None)).grant == "client_credentials"


def test_it_names_every_missing_key() -> None:
    with pytest.raises(IonApiFileError) as caught:
        parse_ionapi(ionapi_text(ti=None, cs=None, ot=None))
    assert caught.value.missing == ("ti", "cs", "ot")
    assert "ti, cs, ot" in caught.value.message


def test_it_asks_for_the_secret_key_when_only_the_access_key_is_there() -> None:
    with pytest.raises(IonApiFileError) as caught:
        parse_ionapi(ionapi_text(sask=None))
    assert caught.value.missing == ("sask",)


def test_it_rejects_text_that_is_not_json() -> None:
    with pytest.raises(IonApiFileError, match="not valid JSON"):
        parse_ionapi("ti=ACME")


def test_it_rejects_a_gateway_url_that_is_not_http() -> None:
    with pytest.raises(IonApiFileError, match="iu"):
        parse_ionapi(ionapi_text(iu="mingle-ionapi.example.test"))


def test_it_gives_a_changed_file_a_new_fingerprint() -> None:
    assert (
        parse_ionapi(ionapi_text()).fingerprint()
        != parse_ionapi(ionapi_text(sask="rotated")).fingerprint()
    )
