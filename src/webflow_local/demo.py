"""The demo world `serve --demo` creates when absent: a localized site with a blog and its authors, pages
(About holds an instance of the Hero component), a comment thread on About, a contact form with two
submissions, and a shop (ecommerce in USD: two products, one with finite stock, and two orders)."""

from __future__ import annotations

from typing import Any

from webflow_local.admin import service as admin
from webflow_local.admin.schemas import SeedIn, TokenIn
from webflow_local.api.sites.repository import SiteRepository
from webflow_local.context import Ctx

DEMO_SITE = "Demo Site"
# The workspace's people: the demo token acts for the first (authorized_by), comments name both.
DEMO_USERS = [
    {"email": "alex@demo-site.test", "firstName": "Alex", "lastName": "Rivera", "role": "owner"},
    {"email": "sam@demo-site.test", "firstName": "Sam", "lastName": "Okafor", "role": "member"},
]
DEMO_SHOP: dict[str, Any] = {
    "defaultCurrency": "USD",
    "products": [
        {
            "product": {"fieldData": {
                "name": "Analytical Engine T-Shirt", "slug": "analytical-engine-t-shirt",
                "description": "Soft cotton, printed with the engine's mill.",
                "sku-properties": [{"id": "size", "name": "Size", "enum": [
                    {"id": "small", "name": "Small", "slug": "small"},
                    {"id": "large", "name": "Large", "slug": "large"}]}],
            }},
            "sku": {"fieldData": {"name": "Analytical Engine T-Shirt - Small",
                                  "slug": "analytical-engine-t-shirt-small", "price": {"value": 2500, "unit": "USD"}},
                    "inventory": {"inventoryType": "finite", "quantity": 20}},
            "skus": [{"fieldData": {"name": "Analytical Engine T-Shirt - Large",
                                    "slug": "analytical-engine-t-shirt-large", "sku-values": {"size": "large"},
                                    "price": {"value": 2700, "unit": "USD"}},
                      "inventory": {"inventoryType": "finite", "quantity": 5}}],
        },
        {
            "product": {"fieldData": {"name": "Notes on the Engine (e-book)", "slug": "notes-on-the-engine",
                                      "shippable": False}},
            "sku": {"fieldData": {"name": "Notes on the Engine (e-book)", "slug": "notes-on-the-engine-ebook",
                                  "price": {"value": 999, "unit": "USD"}}},
        },
    ],
    "orders": [
        {
            "customer": {"name": "Ada Lovelace", "email": "ada@example.com"},
            "lineItems": [{"sku": "analytical-engine-t-shirt-small", "count": 2}],
            "shippingAddress": {"line1": "12 St James's Square", "city": "London", "country": "GB",
                                "postalCode": "SW1Y 4JH"},
            "status": "fulfilled",
        },
        {
            "customer": {"name": "Charles Babbage", "email": "charles@example.com"},
            "lineItems": [{"sku": "notes-on-the-engine-ebook", "count": 1},
                          {"sku": "analytical-engine-t-shirt-large", "count": 1}],
            "shippingAddress": {"line1": "1 Dorset Street", "city": "London", "country": "GB",
                                "postalCode": "W1U 4EG"},
        },
    ],
}


def demo_seed() -> dict[str, Any]:
    return {
        "workspaces": [
            {
                "displayName": "Demo Workspace",
                "slug": "demo-workspace",
                "users": DEMO_USERS,
                "sites": [
                    {
                        "displayName": DEMO_SITE,
                        "shortName": "demo-site",
                        "timeZone": "Europe/London",
                        "locales": {
                            "primary": {"displayName": "English", "tag": "en"},
                            "secondary": [
                                {"displayName": "French (France)", "tag": "fr-FR", "subdirectory": "fr"},
                                {"displayName": "German (Germany)", "tag": "de-DE", "subdirectory": "de"},
                            ],
                        },
                        "customDomains": ["www.demo-site.test"],
                        "collections": [
                            {
                                "displayName": "Authors",
                                "singularName": "Author",
                                "fields": [
                                    {"type": "Email", "displayName": "Email"},
                                    {"type": "Image", "displayName": "Avatar"},
                                ],
                                "items": [
                                    {
                                        "fieldData": {
                                            "name": "Ada Lovelace",
                                            "slug": "ada-lovelace",
                                            "email": "ada@example.com",
                                        },
                                        "locales": ["en", "fr-FR", "de-DE"],
                                        "isDraft": False,
                                    }
                                ],
                            },
                            {
                                "displayName": "Blog Posts",
                                "singularName": "Blog Post",
                                "fields": [
                                    {"type": "RichText", "displayName": "Post Body"},
                                    {"type": "PlainText", "displayName": "Summary", "helpText": "One line"},
                                    {
                                        "type": "Number",
                                        "displayName": "Reading Time",
                                        "validations": {
                                            "format": "integer",
                                            "allowNegative": False,
                                            "minValue": None,
                                            "maxValue": None,
                                            "precision": None,
                                        },
                                    },
                                    {"type": "Switch", "displayName": "Featured"},
                                    {"type": "DateTime", "displayName": "Published At"},
                                    {"type": "Color", "displayName": "Accent Color"},
                                    {
                                        "type": "Option",
                                        "displayName": "Category",
                                        "metadata": {
                                            "options": [{"name": "News"}, {"name": "Guide"}, {"name": "Opinion"}]
                                        },
                                    },
                                    {"type": "Link", "displayName": "Source Link"},
                                    {"type": "Image", "displayName": "Main Image"},
                                    {
                                        "type": "Reference",
                                        "displayName": "Author",
                                        "metadata": {"collectionId": "Authors"},
                                    },
                                    {"type": "Email", "displayName": "Contact Email"},
                                ],
                            },
                        ],
                        "components": [
                            {
                                "name": "Hero",
                                "group": "Sections",
                                "description": "A page's opening banner",
                                "nodes": [
                                    {"type": "text", "html": "<h2>Welcome</h2>",
                                     "locales": {"fr-FR": {"html": "<h2>Bienvenue</h2>"}}},
                                ],
                                "properties": [
                                    {"type": "Plain Text", "label": "Heading", "text": "Hello",
                                     "locales": {"fr-FR": "Bonjour"}},
                                    {"type": "Rich Text", "label": "Body", "text": "<p>Read on.</p>",
                                     "locales": {"fr-FR": "<p>Lisez la suite.</p>"}},
                                ],
                            }
                        ],
                        "pages": [
                            {"title": "Home", "seo": {"title": "Demo Site", "description": "A webflow-local demo"}},
                            {
                                "title": "About",
                                "seo": {"title": "About us", "description": "Who writes the demo blog"},
                                "locales": {"fr-FR": {"title": "À propos", "seo": {"title": "À propos de nous"}}},
                                "nodes": [
                                    {"type": "text", "html": "<h1>About us</h1>",
                                     "locales": {"fr-FR": {"html": "<h1>À propos de nous</h1>"}}},
                                    {"type": "text", "html": "<p>We write about computing since 1843.</p>",
                                     "locales": {"fr-FR": {"html": "<p>Nous écrivons sur l'informatique "
                                                                   "depuis 1843.</p>"}}},
                                    {"type": "image", "image": {"alt": "The team",
                                                                "assetId": "659595234426a9fcbad57043"},
                                     "locales": {"fr-FR": {"image": {"alt": "L'équipe",
                                                                     "assetId": "659595234426a9fcbad57043"}}}},
                                    {"type": "component-instance", "componentId": "Hero",
                                     "propertyOverrides": [{"label": "Heading", "text": "Meet the team"}],
                                     "locales": {"fr-FR": {"propertyOverrides": [
                                         {"label": "Heading", "text": "Rencontrez l'équipe"}]}}},
                                ],
                            },
                            {
                                "title": "Contact",
                                "nodes": [
                                    {"type": "text", "html": "<h2>Write to us</h2>"},
                                    {"type": "text-input", "placeholder": "Your email"},
                                    {"type": "submit-button", "value": "Send", "waitingText": "Sending..."},
                                ],
                            },
                            {"title": "Blog Posts Template", "collection": "Blog Posts"},
                        ],
                        "commentThreads": [
                            {
                                "page": "about",
                                "author": DEMO_USERS[0]["email"],
                                "content": "Should the team photo be more recent?",
                                "replies": [
                                    {"author": DEMO_USERS[1]["email"], "content": "I'll take a new one on Friday."},
                                    {"author": DEMO_USERS[0]["email"], "content": "Thanks, Sam!"},
                                ],
                            }
                        ],
                        "forms": [
                            {
                                "displayName": "Contact",
                                "page": "contact",
                                "fields": [
                                    {"displayName": "Name", "type": "Plain", "placeholder": "Your name"},
                                    {"displayName": "Email", "type": "Email", "placeholder": "you@example.com"},
                                    {"displayName": "Message", "type": "Plain", "placeholder": None},
                                ],
                                "submissions": [
                                    {
                                        "data": {
                                            "Name": "Ada Lovelace",
                                            "Email": "ada@example.com",
                                            "Message": "Could the engine compose music?",
                                        }
                                    },
                                    {
                                        "data": {
                                            "Name": "Charles Babbage",
                                            "Email": "charles@example.com",
                                            "Message": "Bonjour ! Une question sur la machine.",
                                        },
                                        "localeId": "fr-FR",
                                    },
                                ],
                            }
                        ],
                        "ecommerce": DEMO_SHOP,
                    }
                ],
            }
        ]
    }


DEMO_TOKEN_KEY = "demo_token"  # control_state: the value of the token `--demo` minted, until `reset`


def ensure_demo(ctx: Ctx, token_value: str | None) -> dict[str, Any]:
    """Creates the demo world unless a site named Demo Site exists; always answers a usable token.

    The token `--demo` mints is kept in clear in control_state so that a restarted demo prints the same one
    (scripts written against it keep working) instead of minting another each time. Tokens are otherwise
    stored hashed; this one is a local development token for a local database, and `reset` forgets it."""
    site = next((s for s in SiteRepository(ctx.conn).find() if s.display_name == DEMO_SITE), None)
    if site is None:
        result = admin.seed(ctx, SeedIn.model_validate(demo_seed()))
        site_id = result["sites"][0]["id"]
    else:
        site_id = site.id
    from webflow_local.auth.repository import TokenRepository
    from webflow_local.auth.service import hash_token
    from webflow_local.control.repository import ControlRepository

    def usable(value: str | None) -> bool:
        row = TokenRepository(ctx.conn).by_hash(hash_token(value)) if value else None
        return row is not None and row.revoked_on is None and row.site_id == site_id

    state = ControlRepository(ctx.conn)
    kept = state.get(DEMO_TOKEN_KEY)
    if token_value and usable(token_value):
        token = token_value
    elif not token_value and usable(kept):
        token = kept
    else:
        owner = DEMO_USERS[0]["email"]
        token = admin.create_token(ctx, TokenIn(site_id=site_id, scopes="all", label="demo", value=token_value,
                                                user_email=owner))["token"]
        if not token_value:
            state.put(DEMO_TOKEN_KEY, token)
    from webflow_local.api.collections.repository import CollectionRepository

    cols = [{"displayName": c.display_name, "id": c.id} for c in CollectionRepository(ctx.conn).for_site(site_id)]
    return {"site": admin.get_site(ctx, site_id), "token": token, "collections": cols}


def banner(info: dict[str, Any], base: str) -> str:
    """What `serve --demo` prints: everything the README's snippets need, one fact per line."""
    site = info["site"]
    locs = [site["locales"]["primary"], *site["locales"]["secondary"]]
    lines = [
        f"webflow-local on {base}",
        f"  Data API v2:  {base}/v2",
        f"  Beta API:     {base}/beta",
        f"  Control:      {base}/_admin",
        f"  Site id:      {site['id']}",
        "  Locales:      " + ", ".join(f"{loc['tag']}={loc['cmsLocaleId']}" for loc in locs),
        *(f"  Collection:   {c['displayName']}={c['id']}" for c in info["collections"]),
        f"  Token:        {info['token']}",
    ]
    return "\n".join(lines)
