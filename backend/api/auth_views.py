"""Signing in: a session for the browser (with its CSRF cookie), a token for machines."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate, login, logout
from django.middleware.csrf import get_token
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import ensure_csrf_cookie
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.api.openapi import problems


class CredentialsSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=256, trim_whitespace=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        user = authenticate(
            self.context.get("request"), username=attrs["username"], password=attrs["password"]
        )
        if user is None or not user.is_active:
            raise serializers.ValidationError("Wrong user name or password.", code="authorization")
        attrs["user"] = user
        return attrs


class UserSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    isStaff = serializers.BooleanField(source="is_staff")


def _credentials(request: Request) -> Any:
    serializer = CredentialsSerializer(data=request.data, context={"request": request._request})
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data["user"]


@method_decorator(ensure_csrf_cookie, name="dispatch")
class CsrfView(APIView):
    """Sets the ``csrftoken`` cookie; the SPA sends it back as ``X-CSRFToken`` on writes."""

    permission_classes = [AllowAny]
    authentication_classes: list[type[Any]] = []

    @extend_schema(
        summary="Set the CSRF cookie (and return its value)",
        responses={200: inline_serializer("Csrf", {"csrfToken": serializers.CharField()})},
    )
    def get(self, request: Request) -> Response:
        return Response({"csrfToken": get_token(request._request)})


class LoginView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list[type[Any]] = []

    @extend_schema(
        summary="Sign in with a session (send the CSRF cookie back as X-CSRFToken)",
        request=CredentialsSerializer,
        responses={200: UserSerializer, **problems(400, 403)},
    )
    def post(self, request: Request) -> Response:
        # Login is CSRF-protected like any form post, so no other site can sign a browser in.
        SessionAuthentication().enforce_csrf(request)
        user = _credentials(request)
        login(request._request, user)
        return Response(UserSerializer(user).data)


class LogoutView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(summary="Sign out of the session", request=None, responses={204: None})
    def post(self, request: Request) -> Response:
        logout(request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)


@method_decorator(ensure_csrf_cookie, name="dispatch")
class MeView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="The signed-in user (also sets the CSRF cookie)",
        responses={200: UserSerializer, **problems(403)},
    )
    def get(self, request: Request) -> Response:
        return Response(UserSerializer(request.user).data)


class TokenView(APIView):
    """For CI and scripts: ``Authorization: Token <key>`` on every later call."""

    permission_classes = [AllowAny]
    authentication_classes: list[type[Any]] = []

    @extend_schema(
        summary="Get the API token of a user (created on first request)",
        request=CredentialsSerializer,
        responses={
            200: inline_serializer("TokenResponse", {"token": serializers.CharField()}),
            **problems(400),
        },
    )
    def post(self, request: Request) -> Response:
        token, _ = Token.objects.get_or_create(user=_credentials(request))
        return Response({"token": token.key})
