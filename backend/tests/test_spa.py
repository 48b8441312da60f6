"""The single-page app view: built index for browser paths, a hint page without a build."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import Resolver404, resolve
from pytest_django.fixtures import Settings

from backend.spa import spa_view

INDEX = '<!doctype html><div id="root"></div><script src="/static/assets/index-x.js"></script>'


@pytest.fixture
def built(tmp_path: Path, settings: Settings) -> Path:
    (tmp_path / "index.html").write_text(INDEX, encoding="utf-8")
    settings.FRONTEND_DIST = tmp_path
    return tmp_path


def test_it_serves_the_built_index_for_deep_links(built: Path, client: Client) -> None:
    response = client.get("/runs/3f1c2a/?step=2")

    assert response.status_code == 200
    assert response.content.decode() == INDEX
    assert response["Cache-Control"] == "no-cache"


def test_it_sets_the_csrf_cookie_the_app_sends_back(built: Path, client: Client) -> None:
    response = client.get("/login")

    assert response.cookies["csrftoken"].value


def test_it_explains_how_to_build_when_the_app_is_missing(
    tmp_path: Path, settings: Settings, client: Client
) -> None:
    settings.FRONTEND_DIST = tmp_path / "nothing-here"

    response = client.get("/workflows")

    assert response.status_code == 503
    assert "make run" in response.content.decode()
    assert response["Content-Type"].startswith("text/html")


def test_it_refuses_writes(built: Path, client: Client) -> None:
    response = client.post("/workflows", {})

    assert response.status_code == 405


@pytest.mark.parametrize("path", ["/", "/login", "/workflows", "/runs/abc/", "/some/unknown/page"])
def test_it_routes_browser_paths_to_the_app(path: str) -> None:
    assert resolve(path).func is spa_view


@pytest.mark.parametrize(
    "path", ["/api/v1/nothing-here/", "/hooks/abc", "/admin/", "/static/assets/x.js", "/ws/runs/1/"]
)
def test_it_leaves_api_hooks_admin_static_and_sockets_alone(path: str) -> None:
    try:
        match = resolve(path)
    except Resolver404:
        return
    assert match.func is not spa_view


@pytest.mark.parametrize(
    ("url", "immutable"),
    [
        ("/static/assets/index-CoG9-nJg.js", True),
        ("/static/assets/ferry-nVyu-PNS.svg", True),
        ("/static/assets/index.js", False),
        ("/static/admin/css/base.css", False),
    ],
)
def test_it_lets_browsers_keep_vites_hashed_files_for_good(url: str, immutable: bool) -> None:
    assert bool(re.search(settings.WHITENOISE_IMMUTABLE_FILE_TEST, url)) is immutable
