"""Reports ordered by users."""

import factory

from reports.models import Report
from tests.factories.schools import MunicipalityFactory, UserFactory


class ReportFactory(factory.django.DjangoModelFactory[Report]):
    class Meta:
        model = Report

    kind = Report.Kind.VPR_NOTE
    municipality = factory.SubFactory(MunicipalityFactory)
    year = 2024
    created_by = factory.SubFactory(UserFactory, role="head", municipality=factory.SelfAttribute("..municipality"))
