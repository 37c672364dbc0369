"""Who may see a complaint (PROCEDURE.md: discrimination complaints are sensitive)."""

SEE_ALL_ROLES = ("relatiemanager", "auditor")


def viewers(case: dict, started_by: str) -> set[str]:
    """Besides the relationship manager and auditors: the handler and, unless the complaint is
    about discrimination, the staff member who registered it."""
    handler = case.get("handler")
    if case.get("category") == "discriminatie":
        return {handler} - {None}
    return {started_by, handler} - {None}


def sensitive(case: dict) -> bool:
    """Whether looking at this complaint is itself recorded, so auditors see who looked."""
    return case.get("category") == "discriminatie"
