"""The audit trail as its readers see it (IKVD, municipalities, directors)."""
