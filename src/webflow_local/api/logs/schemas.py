"""Wire shapes of the logs."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row

from webflow_local.kit.timefmt import iso

EVENT_TYPES = ("user_access", "custom_role", "workspace_membership", "site_membership", "workspace_invitation",
               "workspace_setting")


def activity_wire(row: Row[Any]) -> dict[str, Any]:
    return {
        "id": row.id,
        "createdOn": iso(row.created_on),
        "lastUpdated": iso(row.created_on),
        "event": row.event,
        "resourceOperation": row.resource_operation,
        "user": row.user_json,
        "resourceId": row.resource_id,
        "resourceName": row.resource_name,
        "newValue": row.new_value,
        "previousValue": row.previous_value,
        "payload": row.payload,
    }


def audit_wire(row: Row[Any], ws: Row[Any]) -> dict[str, Any]:
    return {
        "timestamp": iso(row.timestamp),
        "eventType": row.event_type,
        "eventSubType": row.event_sub_type,
        "actor": row.actor,
        "workspace": {"id": ws.id, "slug": ws.slug},
        "payload": row.payload,
    }
