"""Programmes, their tracks, participants and plans; school documents and their review; risk profiles;
notifications; the indicators (programs.indicators)."""

import datetime

import factory
from django.utils import timezone

from programs.indicators.models import Indicator, IndicatorFact, IndicatorValue
from programs.models import (
    DocumentRemark,
    DocumentTransition,
    DocumentVersion,
    Notification,
    PlanItem,
    PlanItemComment,
    PlanItemEvidence,
    Program,
    ProgramParticipant,
    ProgramTrack,
    RiskFactor,
    RiskProfile,
    RiskProfileEntry,
    SchoolDocument,
)
from tests.factories.schools import MunicipalityFactory, SchoolFactory, UserFactory


class ProgramFactory(factory.django.DjangoModelFactory[Program]):
    class Meta:
        model = Program

    code = factory.Sequence(lambda n: f"prog-{n}")
    title = factory.LazyAttribute(lambda p: f"Программа {p.code}")
    municipality = factory.SubFactory(MunicipalityFactory)
    period_start = datetime.date(2023, 1, 1)
    period_end = datetime.date(2024, 12, 31)


class ProgramTrackFactory(factory.django.DjangoModelFactory[ProgramTrack]):
    class Meta:
        model = ProgramTrack

    program = factory.SubFactory(ProgramFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Направление {n + 1}")


class ProgramParticipantFactory(factory.django.DjangoModelFactory[ProgramParticipant]):
    class Meta:
        model = ProgramParticipant

    program = factory.SubFactory(ProgramFactory)
    school = factory.SubFactory(SchoolFactory, municipality=factory.SelfAttribute("..program.municipality"))
    year = 2024


class PlanItemFactory(factory.django.DjangoModelFactory[PlanItem]):
    class Meta:
        model = PlanItem

    program = factory.SubFactory(ProgramFactory)
    position = factory.Sequence(lambda n: n + 1)
    number = factory.LazyAttribute(lambda i: f"1.{i.position}")
    title = factory.LazyAttribute(lambda i: f"Мероприятие {i.position}")
    deadline_text = "до 1 мая 2024 г."
    deadline_kind = PlanItem.Kind.DATE
    deadline_end = datetime.date(2024, 5, 1)


class PlanItemEvidenceFactory(factory.django.DjangoModelFactory[PlanItemEvidence]):
    class Meta:
        model = PlanItemEvidence

    item = factory.SubFactory(PlanItemFactory)
    title = "Приказ о проведении"
    url = "https://example.org/order"
    added_by = factory.SubFactory(
        UserFactory, role="methodologist", municipality=factory.SelfAttribute("..item.program.municipality")
    )


class PlanItemCommentFactory(factory.django.DjangoModelFactory[PlanItemComment]):
    class Meta:
        model = PlanItemComment

    item = factory.SubFactory(PlanItemFactory)
    author = factory.SubFactory(UserFactory, role="methodologist")
    text = "Срок перенесён по согласованию"


class RiskFactorFactory(factory.django.DjangoModelFactory[RiskFactor]):
    class Meta:
        model = RiskFactor
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"L{n:02d}")
    name = factory.Sequence(lambda n: f"Муниципальный фактор № {n}")
    group = RiskFactor.Group.LOCAL


class RiskProfileFactory(factory.django.DjangoModelFactory[RiskProfile]):
    class Meta:
        model = RiskProfile

    school = factory.SubFactory(SchoolFactory)
    year = 2023


class RiskProfileEntryFactory(factory.django.DjangoModelFactory[RiskProfileEntry]):
    class Meta:
        model = RiskProfileEntry

    profile = factory.SubFactory(RiskProfileFactory)
    factor = factory.SubFactory(RiskFactorFactory)
    level = RiskProfileEntry.Level.MEDIUM


class SchoolDocumentFactory(factory.django.DjangoModelFactory[SchoolDocument]):
    class Meta:
        model = SchoolDocument

    school = factory.SubFactory(SchoolFactory)
    year = 2023
    kind = SchoolDocument.Kind.CONCEPT
    title = "Концепция развития"
    created_by = factory.SubFactory(
        UserFactory,
        role="school_admin",
        school=factory.SelfAttribute("..school"),
        municipality=factory.SelfAttribute("..school.municipality"),
    )


class DocumentVersionFactory(factory.django.DjangoModelFactory[DocumentVersion]):
    class Meta:
        model = DocumentVersion

    document = factory.SubFactory(SchoolDocumentFactory)
    number = factory.Sequence(lambda n: n + 1)
    text = "Текст концепции"
    created_by = factory.SelfAttribute("document.created_by")


class DocumentRemarkFactory(factory.django.DjangoModelFactory[DocumentRemark]):
    class Meta:
        model = DocumentRemark

    document = factory.SubFactory(SchoolDocumentFactory)
    author = factory.SubFactory(UserFactory, role="curator")
    text = "Уточните целевые показатели"
    version = factory.SubFactory(DocumentVersionFactory, document=factory.SelfAttribute("..document"))


class DocumentTransitionFactory(factory.django.DjangoModelFactory[DocumentTransition]):
    class Meta:
        model = DocumentTransition

    document = factory.SubFactory(SchoolDocumentFactory)
    from_status = SchoolDocument.Status.DRAFT
    to_status = SchoolDocument.Status.SUBMITTED
    user = factory.SelfAttribute("document.created_by")


class NotificationFactory(factory.django.DjangoModelFactory[Notification]):
    class Meta:
        model = Notification

    user = factory.SubFactory(UserFactory)
    kind = Notification.Kind.ITEM_OVERDUE
    key = factory.Sequence(lambda n: f"item-overdue:{n}")
    text = "Просрочено мероприятие «Семинар»"


class IndicatorFactory(factory.django.DjangoModelFactory[Indicator]):
    class Meta:
        model = Indicator

    program = factory.SubFactory(ProgramFactory)
    code = factory.Sequence(lambda n: f"indicator_{n}")
    name = factory.Sequence(lambda n: f"Показатель № {n}")
    method = Indicator.Method.MANUAL


class IndicatorFactFactory(factory.django.DjangoModelFactory[IndicatorFact]):
    class Meta:
        model = IndicatorFact

    indicator = factory.SubFactory(IndicatorFactory)
    year = 2023
    value = 65
    evidence = "Отчёт о реализации программы"
    recorded_at = factory.LazyFunction(timezone.now)


class IndicatorValueFactory(factory.django.DjangoModelFactory[IndicatorValue]):
    class Meta:
        model = IndicatorValue

    indicator = factory.SubFactory(IndicatorFactory)
    year = 2023
    value = 50
    numerator = 1
    denominator = 2
    computed_at = factory.LazyFunction(timezone.now)
