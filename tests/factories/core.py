"""Jobs and audit events."""

import factory

from core.models import AuditEvent, Job


class JobFactory(factory.django.DjangoModelFactory[Job]):
    class Meta:
        model = Job

    kind = "results_import"
    title = factory.Sequence(lambda n: f"Задача № {n}")


class AuditEventFactory(factory.django.DjangoModelFactory[AuditEvent]):
    class Meta:
        model = AuditEvent

    kind = AuditEvent.Kind.LOGIN
    username = factory.Sequence(lambda n: f"user{n}")
