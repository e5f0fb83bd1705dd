"""Snapshots: the whole store saved under a name and restored in one transaction (control plane only)."""
