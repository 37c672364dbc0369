"""Personal links staff hand to the complainant: one per open complainant task, and the status page."""

from dataclasses import dataclass

from flask import url_for

from . import context


@dataclass(frozen=True)
class PersonalLink:
    title: str
    url: str


def complainant_links(case) -> list[PersonalLink]:
    """Links for the complainant's open tasks that this user could also record on their behalf."""
    return [
        PersonalLink(open.task.title, task_link(open.task))
        for open in case.open_tasks
        if open.for_complainant and open.mine
    ]


def task_link(task, external=True) -> str:
    token = context.links().task_token(task.id, task.form or "")
    return url_for("complainant.task", token=token, _external=external)


def status_link(reference: str) -> str:
    token = context.links().status_token(reference)
    return url_for("complainant.status", token=token, _external=True)
