"""Comments family: comment threads of a site and their replies (read in v2 and beta; beta adds replies and
finds users by email), threads made through the control plane and seed files, and `comment_created`
webhooks. A thread's page is found through the pages family's "page_by_slug" hook. `webflow-local export`
writes the `commentThreads` key from Data API reads (export.py)."""

from __future__ import annotations

from webflow_local.api.comments import export, service
from webflow_local.api.comments.admin_routes import router as admin_router
from webflow_local.api.comments.schemas import ReplyIn, ThreadSeed
from webflow_local.api.comments.tables import comment_replies, comment_threads
from webflow_local.kit.family import Family, Op, SeedSection

FAMILY = Family(
    "comments",
    operations=(
        Op("list-comment-threads", lambda ctx, c: service.list_threads(ctx, c.path["site_id"], c.query)),
        Op("get-comment-thread", lambda ctx, c: service.get_thread(
            ctx, c.path["site_id"], c.path["comment_thread_id"], c.query)),
        Op("list-comment-replies", lambda ctx, c: service.list_replies(
            ctx, c.path["site_id"], c.path["comment_thread_id"], c.query)),
        Op("create-comment-reply", lambda ctx, c: service.create_reply(
            ctx, c.path["site_id"], c.path["comment_thread_id"], c.body), body=ReplyIn),
        Op("search-comment-users-by-email", lambda ctx, c: service.search_users(ctx, c.path["site_id"], c.query)),
    ),
    tables=(comment_threads, comment_replies),
    owners={"comment_thread_id": service.visible_thread},
    triggers=("comment_created",),
    # A thread names its page by slug: pages are seeded first.
    seed=(SeedSection("commentThreads", ThreadSeed, service.seed_threads, after=("pages",),
                      export=export.export_threads),),
    admin=admin_router,
)
