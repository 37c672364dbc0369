"""Two people complete the same task in the web (issue 16.10): whoever loses gets the 409 page
naming who completed it, never 403 "Geen toegang", at every moment the other one can win."""

import pytest

from .conftest import ready, register

WINNER_MESSAGE = "Deze taak is al afgerond door yasmin"


@pytest.fixture
def race(engine, monkeypatch):
    """race(moment) makes yasmin complete the approval task just before the engine is asked for
    `moment` during carla's request."""

    def arrange(moment):
        reference = register(engine)
        task = ready(engine, reference, "akkoord_klager")
        real, complete = getattr(engine, moment), engine.complete_task
        done = []

        def yasmin_first(*args, **kwargs):
            if not done:
                done.append(True)
                complete(task.id, "yasmin", {"approved": True})
            return real(*args, **kwargs)

        monkeypatch.setattr(engine, moment, yasmin_first)
        return task

    return arrange


@pytest.mark.parametrize("moment", ["tasks", "complete_task"])
def test_the_loser_gets_the_409_page_naming_the_winner(as_user, race, moment):
    carla = as_user("carla")
    task = race(moment)
    response = carla.post(f"/taken/{task.id}", {"approved": "true"})
    text = response.get_data(as_text=True)
    assert response.status_code == 409, (moment, response.status_code)
    assert WINNER_MESSAGE in text and "Geen toegang" not in text


def test_opening_a_task_just_completed_says_by_whom(as_user, race):
    carla = as_user("carla")
    task = race("tasks")
    response = carla.get(f"/taken/{task.id}")
    assert response.status_code == 200 and "yasmin" in response.get_data(as_text=True)


def test_a_task_that_is_not_mine_stays_forbidden(as_user, engine):
    task = ready(engine, register(engine), "akkoord_klager")
    assert as_user("henk").post(f"/taken/{task.id}", {"approved": "true"}).status_code in (403, 404)
