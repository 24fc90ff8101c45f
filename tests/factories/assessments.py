"""Subjects, minimum scores, results and their history, uploads, column mappings; the ШНОР rule and its runs."""

from decimal import Decimal

import factory

from assessments.models import (
    ColumnMapping,
    MinimumScore,
    Procedure,
    Result,
    ResultChange,
    Subject,
    TerritoryLevel,
    TerritoryResult,
    Upload,
)
from assessments.risk.models import RiskRule, RiskRun
from tests.factories.schools import MunicipalityFactory, SchoolFactory, UserFactory


class SubjectFactory(factory.django.DjangoModelFactory[Subject]):
    class Meta:
        model = Subject
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"subject{n}")
    name = factory.Sequence(lambda n: f"Предмет № {n}")
    order = 90


class MinimumScoreFactory(factory.django.DjangoModelFactory[MinimumScore]):
    class Meta:
        model = MinimumScore

    procedure = Procedure.OGE
    subject = factory.SubFactory(SubjectFactory)
    year = factory.Sequence(lambda n: 1900 + n % 100)
    score = 10


class UploadFactory(factory.django.DjangoModelFactory[Upload]):
    class Meta:
        model = Upload

    file = factory.Sequence(lambda n: f"uploads/{n}.xlsx")
    filename = "результаты.xlsx"
    sha256 = factory.Sequence(lambda n: f"{n:064x}")
    size = 1024
    uploaded_by = factory.SubFactory(UserFactory, role="methodologist")
    municipality = factory.SelfAttribute("uploaded_by.municipality")


class ResultFactory(factory.django.DjangoModelFactory[Result]):
    class Meta:
        model = Result

    school = factory.SubFactory(SchoolFactory)
    procedure = Procedure.VPR
    subject = factory.SubFactory(SubjectFactory)
    grade = 5
    year = factory.Sequence(lambda n: 2000 + n % 50)
    participants = 20
    marks_2 = 2
    marks_3 = 8
    marks_4 = 6
    marks_5 = 4


class TerritoryResultFactory(factory.django.DjangoModelFactory[TerritoryResult]):
    """A whole municipality's row as a district table gives it: participants and the share of «2»."""

    class Meta:
        model = TerritoryResult

    level = TerritoryLevel.MUNICIPALITY
    municipality = factory.SubFactory(MunicipalityFactory)
    region = factory.SelfAttribute("municipality.region")
    procedure = Procedure.VPR
    subject = factory.SubFactory(SubjectFactory)
    grade = 5
    year = factory.Sequence(lambda n: 2000 + n % 50)
    participants = 300
    marks_2 = 15
    share_2 = Decimal("5.00")
    derived_from_shares = True


class ResultChangeFactory(factory.django.DjangoModelFactory[ResultChange]):
    class Meta:
        model = ResultChange

    result = factory.SubFactory(ResultFactory)
    school = factory.SelfAttribute("result.school")
    key = factory.LazyAttribute(lambda c: f"{c.school.code}|VPR|{c.result.subject.code}|5|{c.result.year}")
    upload = factory.SubFactory(
        UploadFactory, uploaded_by__municipality=factory.SelfAttribute("...school.municipality")
    )
    user = factory.SelfAttribute("upload.uploaded_by")
    before = factory.LazyAttribute(lambda c: {"participants": c.result.participants - 1})
    after = factory.LazyAttribute(lambda c: {"participants": c.result.participants})


class ColumnMappingFactory(factory.django.DjangoModelFactory[ColumnMapping]):
    class Meta:
        model = ColumnMapping

    user = factory.SubFactory(UserFactory, role="methodologist")
    mapping = factory.LazyFunction(lambda: {"Код школы": "Код ОО"})


class RiskRuleFactory(factory.django.DjangoModelFactory[RiskRule]):
    """A version after the migration's first, over its procedures; the numbers are the model's defaults."""

    class Meta:
        model = RiskRule

    version = factory.Sequence(lambda n: 100 + n)
    procedures = factory.LazyFunction(lambda: RiskRule.objects.get(version=1).procedures)
    note = "Проверка новой версии правила"


class RiskRunFactory(factory.django.DjangoModelFactory[RiskRun]):
    class Meta:
        model = RiskRun

    year = 2023
    rule_version = 1
