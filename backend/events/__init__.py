"""Events other systems learn of (the transactional outbox): written by the domains in the
transaction of their change, read by the integrations (change feed, webhooks, health)."""
