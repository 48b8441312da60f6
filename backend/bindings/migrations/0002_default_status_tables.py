"""Install the default status tables, so they can be edited before any workflow names them."""

from __future__ import annotations

from typing import Any

from django.db import migrations

from workflows.transforms.status import INFOR_TO_SHOP, SHOP_TO_INFOR

DEFAULTS = {
    "infor-to-shop": ("Infor order status to PrestaShop order state (default states).", INFOR_TO_SHOP),
    "shop-to-infor": ("PrestaShop order state to the Infor status to ask for.", SHOP_TO_INFOR),
}


def install(apps: Any, schema_editor: Any) -> None:
    StatusTable = apps.get_model("bindings", "StatusTable")
    for name, (description, table) in DEFAULTS.items():
        StatusTable.objects.get_or_create(
            name=name, defaults={"description": description, "table": table}
        )


class Migration(migrations.Migration):
    dependencies = [("bindings", "0001_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
