"""`webflow-local pull` (copy a site from a Webflow API, webflow.com or another webflow-local, into the local
store, ids kept) and `push` (send the local store's CMS content to one), through the official Python SDK."""
