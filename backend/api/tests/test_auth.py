"""Signing in with a session (CSRF included) and with a token."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def test_it_signs_in_with_a_session_after_fetching_the_csrf_cookie(user: User) -> None:
    client = APIClient(enforce_csrf_checks=True)
    token = client.get("/api/v1/auth/csrf").json()["csrfToken"]
    assert client.cookies["csrftoken"].value

    response = client.post(
        "/api/v1/auth/login",
        {"username": "ada", "password": "lovelace-1815"},
        format="json",
        HTTP_X_CSRFTOKEN=token,
    )

    assert response.status_code == 200
    assert response.json()["username"] == "ada"
    assert client.get("/api/v1/auth/me").json()["id"] == user.pk


def test_it_refuses_a_session_login_without_the_csrf_token(user: User) -> None:
    client = APIClient(enforce_csrf_checks=True)
    client.get("/api/v1/auth/csrf")

    response = client.post(
        "/api/v1/auth/login", {"username": "ada", "password": "lovelace-1815"}, format="json"
    )

    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert "CSRF" in response.json()["detail"]


def test_it_answers_a_wrong_password_with_a_problem(user: User) -> None:
    response = APIClient().post(
        "/api/v1/auth/login", {"username": "ada", "password": "nope"}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["detail"] == "Wrong user name or password."


def test_it_sets_the_csrf_cookie_on_me_even_when_signed_out() -> None:
    client = APIClient()

    response = client.get("/api/v1/auth/me")

    assert response.status_code == 403
    assert response.json()["status"] == 403
    assert client.cookies["csrftoken"].value


def test_it_signs_out(user: User) -> None:
    client = APIClient()
    client.force_login(user)
    assert client.get("/api/v1/auth/me").status_code == 200

    assert client.post("/api/v1/auth/logout").status_code == 204

    assert client.get("/api/v1/auth/me").status_code == 403


def test_it_requires_the_csrf_token_for_writes_in_a_session(user: User) -> None:
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(user)

    response = client.post("/api/v1/workflows/", {"name": "No token"}, format="json")

    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_it_gives_machines_a_token_that_authenticates_them(user: User) -> None:
    client = APIClient()
    response = client.post(
        "/api/v1/auth/token", {"username": "ada", "password": "lovelace-1815"}, format="json"
    )
    token = response.json()["token"]

    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/v1/auth/me").json()["username"] == "ada"
    assert client.post("/api/v1/workflows/", {"name": "From CI"}, format="json").status_code == 201
    again = APIClient().post(
        "/api/v1/auth/token", {"username": "ada", "password": "lovelace-1815"}, format="json"
    )
    assert again.json()["token"] == token


def test_it_refuses_a_bad_token() -> None:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")

    response = client.get("/api/v1/workflows/")

    assert response.status_code in (401, 403)
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize(
    "path",
    ["/api/v1/workflows/", "/api/v1/runs/", "/api/v1/connections/", "/api/v1/node-types/"],
)
def test_it_refuses_anonymous_callers_with_a_problem(path: str) -> None:
    response = APIClient().get(path)

    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["title"] == "Forbidden"
