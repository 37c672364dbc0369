"""Personal API tokens and idempotency keys (issue 8)."""


class Tokens:
    """Mixed into Engine: needs self.db, self.plugin and self.clock."""
