"""Shared control settings (clock, id seed, faults) kept in the database."""
