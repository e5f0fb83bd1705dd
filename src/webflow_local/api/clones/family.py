"""The clones family: no API operations; the tables `webflow-local pull` and `push` keep their state in."""

from __future__ import annotations

from webflow_local.api.clones.tables import clone_checkpoints, clone_id_map
from webflow_local.kit.family import Family

FAMILY = Family("clones", tables=(clone_checkpoints, clone_id_map))
