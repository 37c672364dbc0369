"""What auditors need: finding complaints, who looked at sensitive ones, where complaints wait (issue 4)."""


class Oversight:
    """Mixed into Engine: needs self.db, self.plugin and self.clock."""
