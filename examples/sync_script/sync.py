"""A small sync script: puts blog posts from a JSON file into a Webflow collection, in every locale, and
publishes them. The example that docs/testing.md tests with the webflow_local pytest plugin.

    python sync.py posts.json --collection COLLECTION_ID --token TOKEN [--base-url https://api.webflow.com/v2]

posts.json: [{"slug": "hello", "name": "Hello", "summary": "…", "translations": {"fr-FR": {"name": "Bonjour"}}}]

A post whose slug the collection already has is left alone, so running it twice creates nothing twice. A 429
(Webflow allows 60 to 120 requests a minute) is waited out as its Retry-After header says, then retried."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from functools import partial
from typing import Any, TypeVar

from webflow import Webflow
from webflow.core.api_error import ApiError
from webflow.environment import WebflowEnvironment

T = TypeVar("T")
NO_RETRY: dict[str, Any] = {"max_retries": 0}  # the SDK's own retries would hide the 429s from us


class Syncer:
    def __init__(self, client: Webflow, collection_id: str, *, sleep: Callable[[float], None] = time.sleep,
                 max_attempts: int = 5) -> None:
        self.client = client
        self.collection_id = collection_id
        self.sleep = sleep
        self.max_attempts = max_attempts
        self.waited: list[float] = []

    def call(self, fn: Callable[[], T]) -> T:
        """fn(), waiting out 429s as Retry-After says (seconds; 60 when absent)."""
        for attempt in range(1, self.max_attempts + 1):
            try:
                return fn()
            except ApiError as e:
                if e.status_code != 429 or attempt == self.max_attempts:
                    raise
                headers = {k.lower(): v for k, v in (e.headers or {}).items()}
                wait = float(headers.get("retry-after", 60))
                self.waited.append(wait)
                self.sleep(wait)
        raise AssertionError("unreachable")

    def locales(self, site_id: str) -> dict[str, str]:
        """Locale tag -> cmsLocaleId of the site, the primary first."""
        site = self.call(lambda: self.client.sites.get(site_id, request_options=NO_RETRY))
        assert site.locales is not None and site.locales.primary is not None
        all_locales = [site.locales.primary, *(site.locales.secondary or [])]
        return {str(loc.tag): str(loc.cms_locale_id) for loc in all_locales}

    def existing_slugs(self) -> set[str]:
        items = self.client.collections.items
        slugs: set[str] = set()
        offset = 0
        while True:
            page = self.call(partial(items.list_items, self.collection_id, offset=offset, limit=100,
                                     request_options=NO_RETRY))
            slugs.update(str(item.field_data.slug if item.field_data else None) for item in page.items or [])
            offset += 100
            if page.pagination is None or offset >= (page.pagination.total or 0):
                return slugs

    def sync(self, site_id: str, posts: list[dict[str, Any]]) -> list[str]:
        """Creates the posts the collection lacks in every locale, writes their translations, publishes
        them; answers the new items' ids."""
        items = self.client.collections.items
        locales = self.locales(site_id)
        have = self.existing_slugs()
        created: list[str] = []
        for post in posts:
            if post["slug"] in have:
                continue
            fields = {"name": post["name"], "slug": post["slug"]}
            if "summary" in post:
                fields["summary"] = post["summary"]
            made = self.call(partial(items.create_items, self.collection_id, cms_locale_ids=list(locales.values()),
                                     is_draft=False, field_data=fields, request_options=NO_RETRY))
            for tag, translated in (post.get("translations") or {}).items():
                self.call(partial(items.update_item, self.collection_id, str(made.id), cms_locale_id=locales[tag],
                                  field_data=translated, request_options=NO_RETRY))
            created.append(str(made.id))
        if created:
            publish: Any = {"items": [{"id": i, "cmsLocaleIds": list(locales.values())} for i in created]}
            self.call(partial(items.publish_item, self.collection_id, request=publish, request_options=NO_RETRY))
        return created


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("posts")
    p.add_argument("--site", required=True)
    p.add_argument("--collection", required=True)
    p.add_argument("--token", required=True)
    p.add_argument("--base-url", default="https://api.webflow.com/v2")
    args = p.parse_args(argv)
    env = WebflowEnvironment(base=args.base_url, data_api=args.base_url, content_delivery_api=args.base_url)
    client = Webflow(access_token=args.token, environment=env)
    with open(args.posts, encoding="utf-8") as f:
        posts = json.load(f)
    created = Syncer(client, args.collection).sync(args.site, posts)
    print(f"created {len(created)} post(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
