"""One answer per municipality, whoever answers at the same moment (PostgreSQL row locks)."""

import threading

import pytest
from django.db import connection

from surveys.models import Response
from surveys.services import response_submit

from .conftest import choice, make_survey


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_two_members_of_one_municipality_answering_at_once_make_one_answer(transactional_db, world):
    survey = make_survey(body=world.body)
    q1 = survey.questions.get(position=1)
    barrier = threading.Barrier(2)
    errors = []

    def attempt(user, label):
        from django.db import connection as own_connection  # one connection per thread

        try:
            barrier.wait()
            response_submit(
                survey=survey, user=user, answers={q1: {"choices": [choice(survey, 1, label)]}}
            )
        except Exception as error:  # noqa: BLE001 - any failure fails the test below
            errors.append(error)
        finally:
            own_connection.close()

    threads = [
        threading.Thread(target=attempt, args=(world.member, "賛成")),
        threading.Thread(target=attempt, args=(world.colleague, "反対")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    (response,) = Response.objects.filter(survey=survey)
    assert response.municipality == world.shiranuka
    (answer,) = response.answers.all()
    assert answer.choices.count() == 1  # one of the two answers, whole


def test_the_database_refuses_a_second_response_for_a_municipality(world):
    from django.db import IntegrityError, transaction

    survey = make_survey(body=world.body)
    key = f"m{world.shiranuka.code}"
    Response.objects.create(survey=survey, municipality=world.shiranuka, respondent_key=key)
    with pytest.raises(IntegrityError), transaction.atomic():
        Response.objects.create(survey=survey, municipality=world.shiranuka, respondent_key=key)
