"""The demo seeder installs every template, connected to the sandboxes, once."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from backend.connections.models import Connection
from backend.designer.demo_templates import bod_hook_url, sandbox_ionapi
from backend.designer.models import Workflow
from connectors.infor.ionapi import parse_ionapi
from workflows.templates import list_templates

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_it_installs_every_template_deployed_on_the_sandbox_connections() -> None:
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())

    shop = Connection.objects.get(credential_type="prestashop.shop")
    infor = Connection.objects.get(credential_type="infor.ionapi")
    for template in list_templates():
        workflow = Workflow.objects.get(name=template.title)
        assert workflow.active_version is not None
        nodes = workflow.active_version.document["nodes"]
        used = {node["connection"] for node in nodes if node.get("connection")}
        assert used <= {str(shop.pk), str(infor.pk)}, template.name
        assert used, template.name
    assert shop.fields["baseUrl"] == "http://127.0.0.1:8081"


def test_it_writes_the_infor_file_from_the_sandbox_defaults_when_it_is_not_running() -> None:
    ionapi = sandbox_ionapi("http://127.0.0.1:9")

    parsed = parse_ionapi(json.dumps(ionapi))

    assert ionapi["pu"] == "http://127.0.0.1:9/FERRY_TST/as/"
    assert parsed is not None


def test_the_infor_sandbox_posts_its_bods_to_the_status_back_hook() -> None:
    assert bod_hook_url("http://127.0.0.1:8000/") == ""
    call_command("seed_demo", stdout=StringIO())

    url = bod_hook_url("http://127.0.0.1:8000/")

    status_back = Workflow.objects.get(name="Status back")
    assert url == f"http://127.0.0.1:8000/hooks/{status_back.hook_token}"
