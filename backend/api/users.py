"""Who is calling: the user recorded as author of versions and deployments."""

from __future__ import annotations

from django.contrib.auth.models import User
from rest_framework.request import Request


def acting_user(request: Request) -> User | None:
    user = request.user
    return user if isinstance(user, User) and user.is_authenticated else None
