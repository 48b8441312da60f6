"""save_version and deploy, below the API."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from backend.designer import services
from backend.designer.demo import ORDER_MAPPING_DOCUMENT
from backend.designer.models import Deployment

pytestmark = pytest.mark.django_db


def renamed(name: str) -> dict[str, Any]:
    document = copy.deepcopy(ORDER_MAPPING_DOCUMENT)
    document["nodes"][0]["name"] = name
    return document


def test_it_numbers_versions_one_after_another() -> None:
    workflow = services.create_workflow("Numbers")

    numbers = [services.save_version(workflow, renamed(n)).version.number for n in "abc"]

    assert numbers == [1, 2, 3]


def test_it_treats_the_same_content_in_another_key_order_as_identical() -> None:
    workflow = services.create_workflow("Same", document=renamed("a"))
    reordered = dict(reversed(list(renamed("a").items())))

    saved = services.save_version(workflow, reordered)

    assert (saved.created, saved.version.number) == (False, 1)


def test_it_refuses_a_base_version_from_the_future() -> None:
    workflow = services.create_workflow("Future", document=renamed("a"))

    with pytest.raises(services.VersionConflict) as raised:
        services.save_version(workflow, renamed("b"), base_version=5)

    assert raised.value.latest.number == 1


def test_it_accepts_a_save_based_on_the_latest_version() -> None:
    user = get_user_model().objects.create_user("lin")
    workflow = services.create_workflow("Fresh", document=renamed("a"), user=user)

    saved = services.save_version(workflow, renamed("b"), user=user, base_version=1)

    assert (saved.created, saved.version.number) == (True, 2)


@pytest.mark.parametrize(
    ("header", "matches"),
    [('"abc"', True), ('W/"abc"', True), ('"x", "abc"', True), ("*", True), ('"abd"', False)],
)
def test_it_reads_if_match_headers(header: str, matches: bool) -> None:
    assert services.etag_matches(header, "abc") is matches


def test_it_records_each_deploy_and_points_the_workflow_at_it() -> None:
    workflow = services.create_workflow("Deploys", document=renamed("a"))
    second = services.save_version(workflow, renamed("b")).version

    services.deploy(workflow.versions.get(number=1))
    deployed = services.deploy(second)

    assert deployed.active_version == second
    assert [d.version.number for d in Deployment.objects.order_by("pk")] == [1, 2]
