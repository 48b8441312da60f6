"""RunKey: the business keys a run touched, so a timeline finds its runs without scanning JSON."""

from __future__ import annotations

from django.db import models


class RunKey(models.Model):
    """One business key (order reference, M3 order number, e-mail, SKU) met by one run."""

    run = models.ForeignKey("runs.Run", on_delete=models.CASCADE, related_name="keys")
    key = models.CharField(max_length=200)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "run"], name="run_key_unique")]
