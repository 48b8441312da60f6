"""Bindings (id pairs unique both ways), unresolved ids waiting for a person, exchange rates and
status tables."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from workflows.sdk.bindings import BINDING_KINDS, DEFAULT_SCOPE

KIND_CHOICES = [(kind, kind.replace("_", " ")) for kind in BINDING_KINDS]


class Binding(models.Model):
    """A shop id bound to an Infor id, for one kind of thing and one pair of connections."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=20, choices=KIND_CHOICES)
    scope = models.CharField(max_length=200, default=DEFAULT_SCOPE)
    """The connection pair: ``"<shop connection id>~<infor connection id>"`` or ``default``."""
    shop_id = models.CharField(max_length=200)
    infor_id = models.CharField(max_length=200)
    source_run_id = models.CharField(max_length=64, blank=True)
    """The run that recorded it; empty when a person did."""
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "scope", "shop_id"], name="binding_unique_shop_id"
            ),
            models.UniqueConstraint(
                fields=["kind", "scope", "infor_id"], name="binding_unique_infor_id"
            ),
        ]
        ordering = ["kind", "shop_id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.shop_id} ↔ {self.infor_id}"


class UnresolvedValue(models.Model):
    """An id met by a run that no binding or rule could resolve, waiting for a person."""

    SIDES = [("shop", "shop"), ("infor", "infor")]

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=20, choices=KIND_CHOICES)
    scope = models.CharField(max_length=200, default=DEFAULT_SCOPE)
    side = models.CharField(max_length=5, choices=SIDES, default="shop")
    """Which system's id ``value`` is."""
    value = models.CharField(max_length=200)
    context = models.JSONField(default=dict, blank=True)
    """What the run knew besides the id (reference, EAN, ...), to help a person decide."""
    count = models.PositiveIntegerField(default=1)
    first_seen = models.DateTimeField(auto_now_add=True)
    last_seen = models.DateTimeField(auto_now=True)
    run_ids = models.JSONField(default=list, blank=True)
    """The latest runs that met it (at most ``MAX_RUNS``)."""
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    binding = models.ForeignKey(
        Binding, null=True, blank=True, on_delete=models.SET_NULL, related_name="resolved"
    )

    MAX_RUNS = 50

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "scope", "side", "value"], name="unresolved_unique_value"
            )
        ]
        ordering = ["-last_seen"]


class ExchangeRate(models.Model):
    """``1 base = rate quote`` on ``date``, as published by ``source``."""

    base = models.CharField(max_length=3)
    quote = models.CharField(max_length=3)
    rate = models.DecimalField(max_digits=24, decimal_places=10)
    date = models.DateField()
    source = models.CharField(max_length=100, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["base", "quote", "date"], name="rate_unique_day"),
            models.CheckConstraint(condition=models.Q(rate__gt=0), name="rate_positive"),
        ]
        ordering = ["-date", "base", "quote"]


class StatusTable(models.Model):
    """An editable status mapping table (``{"rules", "ranks"}``) that status nodes name."""

    name = models.SlugField(max_length=100, unique=True)
    description = models.CharField(max_length=300, blank=True)
    table = models.JSONField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
