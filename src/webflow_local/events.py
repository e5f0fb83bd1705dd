"""Domain events (webhook triggers), written in the same transaction as the change that caused them.

Families call emit(); every family's "event" hook receives it (the webhooks family turns each event into
deliveries for the site's webhooks). A rolled-back request therefore sends nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from webflow_local.context import Ctx

# Payloads are built on demand: most sites have no webhook for most triggers, and a bulk write's payloads
# would otherwise cost as much as the write.
Payloads = Callable[[], list[dict[str, Any]]]


def emit(ctx: Ctx, site_id: str, trigger_type: str, payloads: Payloads) -> None:
    if trigger_type not in ctx.runtime.triggers():
        raise ValueError(f"no family declares the webhook trigger {trigger_type!r} (Family.triggers)")
    for sink in ctx.runtime.hooks("event"):
        sink(ctx, site_id, trigger_type, payloads)
