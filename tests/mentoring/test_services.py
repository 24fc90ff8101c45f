"""The support network's writes decide authority through schools.access: who counts as a curator, who acts freely."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from mentoring.models import CuratorAssignment, CuratorVisit
from mentoring.services.curators import NOT_A_CURATOR, assignment_create, curator_choices, visit_create
from schools.models import Role
from tests.factories import UserFactory, curator_assign

pytestmark = pytest.mark.django_db


def test_an_inactive_curator_cannot_be_assigned(users, two_municipalities):
    gone = UserFactory(
        username="curator_gone", role=Role.CURATOR, municipality=two_municipalities["a"], is_active=False
    )
    with pytest.raises(ValidationError) as refused:
        assignment_create(
            curator=gone, school=two_municipalities["a1"], start=datetime.date(2024, 1, 1), user=users["methodologist"]
        )
    assert refused.value.message_dict["curator"] == [NOT_A_CURATOR.format(user="curator_gone")]
    assert not CuratorAssignment.objects.filter(curator=gone).exists()


def test_a_superuser_records_any_curators_visit(users, two_municipalities):
    superuser = UserFactory(username="root", role=Role.CURATOR, municipality=two_municipalities["a"], is_superuser=True)
    visit_create(
        curator=users["curator"], school=two_municipalities["a1"], date=datetime.date(2024, 2, 1), user=superuser
    )
    assert CuratorVisit.objects.filter(curator=users["curator"], school=two_municipalities["a1"]).exists()


def test_a_methodologist_chooses_among_curators_of_their_municipality(users, two_municipalities):
    other = UserFactory(username="curator_other", role=Role.CURATOR, municipality=two_municipalities["b"])
    curator_assign(other, two_municipalities["b1"])
    chosen = set(curator_choices(user=users["methodologist"]).values_list("username", flat=True))
    assert "curator_other" not in chosen and users["curator"].username in chosen


def test_a_visit_is_recorded_once_it_has_happened(users, two_municipalities):
    from django.utils import timezone

    from mentoring.services.curators import VISIT_IN_FUTURE, visit_update

    today = timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        visit_create(curator=users["curator"], school=two_municipalities["a1"], date=tomorrow, user=users["curator"])
    assert refused.value.message_dict["date"] == [VISIT_IN_FUTURE.format(date=tomorrow.strftime("%d.%m.%Y"))]
    visit = visit_create(curator=users["curator"], school=two_municipalities["a1"], date=today, user=users["curator"])
    with pytest.raises(ValidationError):
        visit_update(visit=visit, date=tomorrow, user=users["curator"])
    visit.refresh_from_db()
    assert visit.date == today and CuratorVisit.objects.count() == 1


def test_the_visit_form_says_why_a_future_date_is_refused(users, two_municipalities, client):
    from django.utils import timezone

    client.force_login(users["curator"])
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    page = client.post(
        "/mentoring/visits/new/",
        {
            "curator": users["curator"].pk,
            "school": two_municipalities["a1"].pk,
            "date": tomorrow.isoformat(),
            "lessons_observed": 0,
        },
    )
    assert page.status_code == 200 and "ещё не наступила" in page.content.decode()
    assert not CuratorVisit.objects.exists()
