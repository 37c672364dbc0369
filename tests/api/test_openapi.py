"""The OpenAPI document is served, matches the real routes both ways, and the readable API page
shows every operation in Dutch."""

import re

from webforms.api.openapi import document

IGNORED = {"HEAD", "OPTIONS"}


def routes(app) -> set[tuple[str, str]]:
    found = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/"):
            path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.rule)
            found |= {(path, method.lower()) for method in rule.methods - IGNORED}
    return found


def documented(spec) -> set[tuple[str, str]]:
    return {(path, method) for path, item in spec["paths"].items() for method in item}


def test_every_route_is_documented_and_every_documented_route_exists(app, engine):
    spec = document(engine.plugin.forms)
    assert routes(app) == documented(spec)


def test_the_document_is_served(api, engine):
    response = api().get("/openapi.json")
    assert response.status_code == 200
    spec = response.json
    assert spec["openapi"].startswith("3.1")
    assert documented(spec) == documented(document(engine.plugin.forms))
    assert spec["components"]["schemas"]["Registration"] == engine.plugin.forms.schema("registratie")


def test_every_operation_lists_its_answers_with_the_error_shape(engine):
    spec = document(engine.plugin.forms)
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            assert operation["summary"] and operation["tags"], (method, path)
            for code, answer in operation["responses"].items():
                if code >= "400":
                    assert answer["content"]["application/json"]["schema"] == {
                        "$ref": "#/components/schemas/Error"
                    }, (method, path, code)
            if "{" in path:
                assert "404" in operation["responses"], (method, path)


def test_the_readable_page_shows_every_operation(api, engine):
    response = api().get("/docs")
    assert response.status_code == 200 and response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    for path, item in document(engine.plugin.forms)["paths"].items():
        for method, operation in item.items():
            assert f"{method.upper()} {path}" in page
            assert operation["summary"] in page
    assert "Authorization: Bearer" in page and "complainant_name" in page
