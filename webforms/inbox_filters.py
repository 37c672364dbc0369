"""The inbox's query string: which tasks (scope, role, category, overdue), in which order, which
page. Unknown values fall back to the defaults, so a hand-edited URL never breaks the page."""

from dataclasses import asdict, dataclass, replace

import process

from .form_data import whole_number

SCOPES = {"mine": "Mijn taken", "roles": "Taken voor mijn rollen"}
SORTS = {
    "due": "Termijn, eerst verlopend",
    "-due": "Termijn, laatst verlopend",
    "created": "Binnengekomen",
    "reference": "Kenmerk",
}
PER_PAGE = 25


@dataclass(frozen=True)
class InboxFilters:
    scope: str = "mine"
    role: str = ""
    category: str = ""
    overdue: bool = False
    sort: str = "due"
    page: int = 1

    @classmethod
    def from_args(cls, args, roles, categories) -> "InboxFilters":
        def pick(name, allowed, default=""):
            value = args.get(name, default)
            return value if value in allowed else default

        return cls(
            scope=pick("scope", SCOPES, "mine"),
            role=pick("role", roles),
            category=pick("category", categories),
            overdue=args.get("overdue") == "1",
            sort=pick("sort", SORTS, "due"),
            page=_page(args.get("page", "1")),
        )

    def engine_arguments(self) -> dict:
        return {
            "scope": self.scope,
            "role": self.role or None,
            "where": {"category": self.category} if self.category else None,
            "overdue": self.overdue,
            "sort": self.sort,
            "page": self.page,
            "per_page": PER_PAGE,
        }

    def query(self, **changes) -> dict:
        """Query string arguments of this view with some changed (for tabs, sorting, paging)."""
        changed = replace(self, **changes)
        return {k: ("1" if v is True else v) for k, v in asdict(changed).items() if v not in ("", False)}


def _page(text: str) -> int:
    number = whole_number(text)
    return number if number and number < 100_000 else 1


def role_choices(user_roles, on_behalf_of) -> dict[str, str]:
    """The roles a user's tasks can come from, with their Dutch names."""
    mine = set(user_roles)
    acting = [lane for lane, staff in on_behalf_of.items() if mine & set(staff)]
    names = {**process.ROLES, **{lane: f"{process.ROLES.get(lane, lane)} (namens)" for lane in acting}}
    return {role: names.get(role, role) for role in (*user_roles, *acting)}
