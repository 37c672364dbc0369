"""Where accepted data is shown again: every page that shows a complaint's data must show it
escaped, to staff (complaint, inbox, task, audit, outbox) and to the complainant (link, status)."""

from process import FormCatalog

from .payloads import escaped_everywhere, no_server_error, shown_escaped

FORMS = FormCatalog()


def expected_data(form: str, sent: dict) -> dict:
    """What the engine keeps of the answers `sent` (already typed) on `form`: text as given
    without surrounding whitespace; an empty optional answer dropped (or its default)."""
    schema = FORMS.schema(form)
    kept = {}
    for name, value in sent.items():
        if isinstance(value, str):
            value = value.strip()
            if value == "":
                default = schema["properties"].get(name, {}).get("default")
                if default is not None:
                    kept[name] = default
                continue
        kept[name] = value
    return kept


def assert_stored(engine, reference: str, form: str, sent: dict) -> dict:
    data = engine.instance(reference).data
    for name, value in expected_data(form, sent).items():
        assert data.get(name) == value, (name, value, data.get(name))
    return data


def get_page(user, url, what):
    response = user.get(url)
    no_server_error(response, what)
    assert response.status_code == 200, (what, url, response.status_code)
    return response.get_data(as_text=True)


ALL_PAGES = frozenset({"complaint", "inbox", "tasks", "history", "search", "outbox"})


def staff_pages_show_escaped(engine, staff, reference: str, values, full=(), pages=ALL_PAGES) -> None:
    """The complaint page (relationship manager), the inbox, the open tasks, the audit history and
    its print view, the audit search and the outbox (admin) show none of `values` raw; `full`
    (values the complaint page shows in full) appear on the complaint page, escaped."""
    yasmin, anna = staff("yasmin"), staff("anna")
    if "complaint" in pages:
        page = get_page(yasmin, f"/klachten/{reference}", "complaint page")
        escaped_everywhere(page, *values, what="complaint page")
        for value in full:
            shown_escaped(page, value, what="complaint page")
    if "inbox" in pages:
        escaped_everywhere(get_page(yasmin, "/?scope=roles", "inbox"), *values, what="inbox")
    if "tasks" in pages:
        for task in engine.tasks(reference=reference):
            for login in ("yasmin", "carla"):
                response = staff(login).get(f"/taken/{task.id}")
                no_server_error(response, "task page")
                escaped_everywhere(response.get_data(as_text=True), *values, what=f"task {task.bpmn_id}")
    if "history" in pages:
        for url in (f"/audit/klachten/{reference}", f"/audit/klachten/{reference}/afdrukken"):
            escaped_everywhere(get_page(anna, url, url), *values, what=url)
    if "search" in pages:
        query = next((v for v in values if isinstance(v, str) and v.strip()), "")[:200]
        search = anna.get("/audit/klachten", query_string={"q": query})
        no_server_error(search, "audit search")
        escaped_everywhere(search.get_data(as_text=True), *values, what="audit search")
    if "outbox" in pages:
        escaped_everywhere(get_page(staff("bram"), "/beheer/mail/", "outbox"), *values, what="outbox")
    for mail in engine.outbox():
        if mail.reference == reference:
            escaped_everywhere(mail.html, *values, what=f"mail {mail.kind}")


def complainant_pages_show_escaped(app, engine, visitor, reference: str, values, full=()) -> None:
    """The complainant's status page and the link to their open task show none of `values` raw."""
    personal = app.extensions["klacht_links"]
    page = get_page(visitor, f"/status/{personal.status_token(reference)}", "status page")
    escaped_everywhere(page, *values, what="status page")
    for task in engine.tasks(reference=reference):
        if task.role == engine.plugin.public_role:
            link = f"/link/{personal.task_token(task.id, task.form)}"
            page = get_page(visitor, link, "complainant task")
            escaped_everywhere(page, *values, what="complainant task")
            for value in full:
                shown_escaped(page, value, what="complainant task")
