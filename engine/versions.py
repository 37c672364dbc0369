"""Diagram versions: list, compare, roll back, and move running instances to a newer one (issue 5)."""


class Versions:
    """Mixed into Engine: needs self.db, self.plugin, self.clock and self._model."""
