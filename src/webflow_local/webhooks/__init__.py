"""Webhook delivery: the outbox written with each change, the dispatcher that signs and sends it with
retries, and the built-in receiver (sinks) for test suites. Importing the package registers the outbox
as the events sink."""

from webflow_local import events
from webflow_local.webhooks.outbox import enqueue

events.register(enqueue)
