"""Storage of `webflow-local pull` and `push` (webflow_local.clone): pull checkpoints and push id maps. No
operations of the API."""
