"""webflow-local: a local, stateful server for the Webflow Data API v2."""

__version__ = "0.1.0"
