"""A site's webhooks as its seed carries them (SeedSection.export), from the Data API's list: ids, trigger
types, URLs, filters and lastTriggered. Not exported: their signing keys (the API shows a key once, at
creation), whether the control plane deactivated them, and their deliveries."""

from __future__ import annotations

from typing import Any

from webflow_local.kit.reading import ApiRead, read_all_or_empty


def export_webhooks(read: ApiRead, site: dict[str, Any]) -> list[dict[str, Any]]:
    found = read_all_or_empty(read, f"/v2/sites/{site['id']}/webhooks", "webhooks")  # none without the scope
    out = []
    for w in found:
        entry = {"id": w["id"], "triggerType": w["triggerType"], "url": w["url"]}
        for key in ("filter", "lastTriggered"):
            if w.get(key) is not None:
                entry[key] = w[key]
        out.append(entry)
    return out
