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
    gone = UserFactory(username="curator_gone", role=Role.CURATOR, municipality=two_municipalities["a"],
                       is_active=False)
    with pytest.raises(ValidationError) as refused:
        assignment_create(curator=gone, school=two_municipalities["a1"], start=datetime.date(2024, 1, 1),
                          user=users["methodologist"])
    assert refused.value.message_dict["curator"] == [NOT_A_CURATOR.format(user="curator_gone")]
    assert not CuratorAssignment.objects.filter(curator=gone).exists()


def test_a_superuser_records_any_curators_visit(users, two_municipalities):
    superuser = UserFactory(username="root", role=Role.CURATOR, municipality=two_municipalities["a"],
                            is_superuser=True)
    visit_create(curator=users["curator"], school=two_municipalities["a1"], date=datetime.date(2024, 2, 1),
                 user=superuser)
    assert CuratorVisit.objects.filter(curator=users["curator"], school=two_municipalities["a1"]).exists()


def test_a_methodologist_chooses_among_curators_of_their_municipality(users, two_municipalities):
    other = UserFactory(username="curator_other", role=Role.CURATOR, municipality=two_municipalities["b"])
    curator_assign(other, two_municipalities["b1"])
    chosen = set(curator_choices(user=users["methodologist"]).values_list("username", flat=True))
    assert "curator_other" not in chosen and users["curator"].username in chosen
