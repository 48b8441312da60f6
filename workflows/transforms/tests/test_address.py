"""Address standardisation: countries, states, postcodes and M3 street lines."""

from __future__ import annotations

import pytest

from workflows.transforms.address import standardise_address
from workflows.transforms.address_lines import split_lines
from workflows.transforms.countries import country_alpha2, country_alpha3, state_code
from workflows.transforms.postcodes import normalise_postcode


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("de", "DE"),
        ("DEU", "DE"),
        ("276", "DE"),
        ("Germany", "DE"),
        ("  united   kingdom ", "GB"),
        ("UK", "GB"),
        ("Côte d’Ivoire", "CI"),
        ("Netherlands", "NL"),
        ("Narnia", None),
        ("", None),
        (None, None),
    ],
)
def test_it_reads_a_country_in_any_iso_form_or_name(value: object, expected: str | None) -> None:
    assert country_alpha2(value) == expected


def test_it_gives_the_alpha3_code_too() -> None:
    assert country_alpha3("fr") == "FRA"
    assert country_alpha3("nowhere") is None


def test_it_reads_states_by_code_full_code_or_name_within_the_country() -> None:
    assert state_code("California", "US") == "CA"
    assert state_code("US-NY", "USA") == "NY"
    assert state_code("ontario", "Canada") == "ON"
    assert state_code("Ontario", "US") is None


@pytest.mark.parametrize(
    ("value", "country", "expected", "valid"),
    [
        ("sw1a1aa", "GB", "SW1A 1AA", True),
        ("EC1A-1BB", "GB", "EC1A 1BB", True),
        ("1234ab", "NL", "1234 AB", True),
        ("1234 SA", "NL", "1234 SA", False),
        ("k1a 0b1", "CA", "K1A 0B1", True),
        ("123456789", "US", "12345-6789", True),
        ("90210", "USA", "90210", True),
        ("10115", "DE", "10115", True),
        ("1011", "DE", "1011", False),
        ("75 001", "FR", "75001", True),
        ("1234567", "PT", "1234-567", True),
        ("any 1", "BR", "ANY 1", True),
    ],
)
def test_it_checks_and_formats_postcodes_per_country(
    value: str, country: str, expected: str, valid: bool
) -> None:
    postcode = normalise_postcode(value, country)
    assert (postcode.value, postcode.valid) == (expected, valid)


def test_it_splits_long_street_lines_at_word_boundaries() -> None:
    split = split_lines(["Flat 12, Rosewood Court, 221B Baker Street Marylebone", "Westminster"])
    assert split.lines == [
        "Flat 12, Rosewood Court, 221B Baker",
        "Street Marylebone",
        "Westminster",
    ]
    assert all(len(line) <= 36 for line in split.lines)
    assert split.overflow == ""


def test_it_breaks_a_word_wider_than_a_line_and_reports_overflow() -> None:
    split = split_lines(["A" * 40, "two", "three", "four"], width=36, count=4)
    assert split.lines == ["A" * 36, "AAAA", "two", "three"]
    assert split.overflow == "four"


def test_it_standardises_an_address_into_m3_fields() -> None:
    address = standardise_address(
        {
            "lines": ["1 Wellington Street", None],
            "postcode": "k1a0b1",
            "city": " Ottawa ",
            "country": "CAN",
            "state": "Ontario",
        }
    )
    assert address["problems"] == []
    assert address["m3"] == {
        "CUA1": "1 Wellington Street",
        "CUA2": "",
        "CUA3": "",
        "CUA4": "",
        "PONO": "K1A 0B1",
        "TOWN": "Ottawa",
        "CSCD": "CA",
        "ECAR": "ON",
    }


def test_it_asks_for_a_postcode_where_the_country_uses_them() -> None:
    address = standardise_address({"lines": ["1 Rue"], "country": "FR", "postcode": " "})
    assert address["problems"] == [
        {"field": "postcode", "message": "The address has no postcode, which FR uses."}
    ]
    assert standardise_address({"lines": ["1 Road"], "country": "HK"})["problems"] == []


def test_it_lists_every_problem_of_an_address() -> None:
    address = standardise_address(
        {"lines": ["x " * 100], "postcode": "1", "country": "DE", "state": "Texas"}
    )
    assert {p["field"] for p in address["problems"]} == {"postcode", "state", "lines"}
    unknown = standardise_address({"lines": ["1 Road"], "country": "Narnia", "state": "Z"})
    assert [p["field"] for p in unknown["problems"]] == ["country"]
    streetless = standardise_address({"lines": [None, " "], "country": "FR", "postcode": "75001"})
    assert streetless["problems"] == [
        {"field": "lines", "message": "The address has no street line."}
    ]
