"""Personal links: the complainant's own pages get them; staff can only have them mailed again
(engine.resend_task_link), never read them, so nobody can answer in the complainant's name."""

from dataclasses import dataclass

from flask import url_for

from . import context


@dataclass(frozen=True)
class PersonalLink:
    title: str
    task_id: str


def complainant_links(case) -> list[PersonalLink]:
    """The complainant's open tasks whose link this user may have mailed again."""
    return [
        PersonalLink(open.task.title, open.task.id)
        for open in case.open_tasks
        if open.for_complainant and open.mine
    ]


def task_link(task, external=True) -> str:
    token = context.links().task_token(task.id, task.form or "")
    return url_for("complainant.task", token=token, _external=external)


def status_link(reference: str) -> str:
    token = context.links().status_token(reference)
    return url_for("complainant.status", token=token, _external=True)
