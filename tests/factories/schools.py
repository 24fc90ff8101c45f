"""Region → municipality → school, statuses, users."""

import factory

from schools.models import ListKind, Municipality, Region, Role, School, SchoolContext, SchoolStatus, User


class RegionFactory(factory.django.DjangoModelFactory[Region]):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"R{n:02d}")
    name = factory.Sequence(lambda n: f"Регион {n}")


class MunicipalityFactory(factory.django.DjangoModelFactory[Municipality]):
    class Meta:
        model = Municipality

    code = factory.Sequence(lambda n: f"M{n:03d}")
    name = factory.Sequence(lambda n: f"Муниципальный район № {n}")
    region = factory.SubFactory(RegionFactory)


class SchoolFactory(factory.django.DjangoModelFactory[School]):
    class Meta:
        model = School

    code = factory.Sequence(lambda n: f"S{n:05d}")
    name = factory.Sequence(lambda n: f"Муниципальное бюджетное общеобразовательное учреждение СОШ № {n}")
    short_name = factory.Sequence(lambda n: f"МБОУ СОШ № {n}")
    type = School.Type.SOSH
    municipality = factory.SubFactory(MunicipalityFactory)


class SchoolStatusFactory(factory.django.DjangoModelFactory[SchoolStatus]):
    class Meta:
        model = SchoolStatus

    school = factory.SubFactory(SchoolFactory)
    year = 2022
    kind = SchoolStatus.Kind.SHNOR
    source = SchoolStatus.Source.OFFICIAL


class ListKindFactory(factory.django.DjangoModelFactory[ListKind]):
    """A kind beyond the defaults (the migration creates those). Tests that add one drop the cached kinds after."""

    class Meta:
        model = ListKind
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"kind_{n}")
    name = factory.Sequence(lambda n: f"Список {n}")
    order = 100


class SchoolContextFactory(factory.django.DjangoModelFactory[SchoolContext]):
    class Meta:
        model = SchoolContext

    school = factory.SubFactory(SchoolFactory)
    year = 2022
    urban_rural = SchoolContext.Settlement.RURAL
    enrolment = 250


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.HEAD
    municipality = factory.SubFactory(MunicipalityFactory)
    region = factory.LazyAttribute(lambda u: u.municipality.region if u.municipality else None)
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()
