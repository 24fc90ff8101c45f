"""The programme effect's cache (programs.effect)."""

import factory
from django.utils import timezone

from programs.effect.models import ProgramEffect
from tests.factories.programs import ProgramFactory


class ProgramEffectFactory(factory.django.DjangoModelFactory[ProgramEffect]):
    class Meta:
        model = ProgramEffect

    program = factory.SubFactory(ProgramFactory)
    measure = "share_2"
    result = factory.LazyFunction(lambda: {"estimate": None, "warnings": []})
    computed_at = factory.LazyFunction(timezone.now)
    data_version = "0" * 64
