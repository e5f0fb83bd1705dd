"""Webhook delivery: the outbox written with each change, the dispatcher that signs and sends it with
retries, and the built-in receiver (sinks) for test suites. Declared to the kit by api/webhooks/family.py."""
