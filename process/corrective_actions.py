"""The corrective-action register: a procedure change that is still being implemented when its
complaint closes goes on as its own tracked item, with its implementation term as due date."""

PROCEDURE_CHANGE = "procedure_change"
TITLE = "Procedurewijziging invoeren"
# Who marks a corrective action done, and who may read the register.
DONE_ROLES = ("relatiemanager", "procesbeheerder")
READER_ROLES = ("auditor",)


def follow_ups(case: dict) -> list[dict]:
    """What the register gets when this complaint closes."""
    if not case.get("procedure_change") or case.get("procedure_change_implemented"):
        return []
    return [
        {
            "kind": PROCEDURE_CHANGE,
            "title": TITLE,
            "description": case.get("procedure_change_description") or "",
            "due": case.get("procedure_change_term"),
            "owner": case.get("handler"),
        }
    ]
