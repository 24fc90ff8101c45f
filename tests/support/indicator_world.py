"""A small hand-made data set for the indicators, with every count written out (the tests state the expected
numerators and denominators). A pytest plugin (tests/conftest.py names it): the fixtures `ind_world` and
`ind_urls` need no import.

Municipality A (two_municipalities: A-1 and its branch A-2) gets A-3, A-4, A-5: five schools and branches.
Lists of 2024: A-1 on the official ШНОР list; A-3 and A-5 on the computed list (ignored: A has an official list
that year); A-4 ШНСУ. Target schools 2024: A-1, A-4. B-1 (municipality B) is on B's computed list.
"""

import datetime

import pytest
from django.urls import include, path

from assessments.models import Result, Subject
from schools.models import SchoolStatus
from tests.factories import SchoolFactory
from tests.support.programs import program_make

D = datetime.date

# Results: (school, procedure, subject, grade, year, n, marks_2, marks_3, marks_4, marks_5, below_min)
RESULTS = [
    ("A-1", "VPR", "russian", 5, 2024, 20, 4, 8, 6, 2, None),
    ("A-1", "VPR", "math", 5, 2024, 20, 6, 8, 4, 2, None),
    ("A-1", "OGE", "russian", 9, 2024, 10, None, None, None, None, 1),
    ("A-2", "VPR", "russian", 4, 2024, 10, 1, 5, 3, 1, None),
    ("A-4", "VPR", "history", 6, 2024, 10, 5, 3, 2, 0, None),
    ("A-4", "VPR", "math", 6, 2024, 10, 2, 4, 3, 1, None),
    ("A-4", "EGE", "math_profile", 11, 2024, 8, None, None, None, None, 2),
    ("B-1", "VPR", "russian", 5, 2024, 30, 3, 10, 12, 5, None),
    ("A-1", "VPR", "russian", 5, 2023, 20, 8, 7, 4, 1, None),
    ("A-1", "VPR", "math", 5, 2023, 20, 6, 10, 3, 1, None),
    ("A-4", "VPR", "math", 6, 2023, 10, 1, 5, 3, 1, None),
]


def _subject(code: str) -> Subject:
    subject = Subject.objects.filter(code=code).first()
    if subject is None:  # history is not in the reference data of every version
        subject = Subject.objects.create(code=code, name=code.capitalize(), order=90)
    return subject


@pytest.fixture
def ind_world(two_municipalities, users):
    """The data set; returns the schools by code and the programmes of A and B."""
    from mentoring.models import (
        CuratorVisit,
        DeficitDiagnostic,
        EventAttendance,
        MethodEvent,
        Partnership,
        PDCourse,
        Teacher,
    )

    w = two_municipalities
    a = w["a"]
    schools = {"A-1": w["a1"], "A-2": w["a2"], "B-1": w["b1"]}
    for code in ("A-3", "A-4", "A-5"):
        schools[code] = SchoolFactory(code=code, municipality=a, short_name=f"СОШ {code}")
    S = SchoolStatus
    for code, kind, source in [
        ("A-1", "shnor", "official"),
        ("A-3", "shnor", "computed"),
        ("A-5", "shnor", "computed"),
        ("A-4", "shnsu", "manual"),
        ("B-1", "shnor", "computed"),
    ]:
        S.objects.create(school=schools[code], year=2024, kind=kind, source=source)
    for school, proc, subj, grade, year, n, m2, m3, m4, m5, below in RESULTS:
        Result.objects.create(
            school=schools[school],
            procedure=proc,
            subject=_subject(subj),
            grade=grade,
            year=year,
            participants=n,
            marks_2=m2,
            marks_3=m3,
            marks_4=m4,
            marks_5=m5,
            below_min=below,
        )
    # Support: A-1 visited by its curator in 2024; A-4 attended an event in 2023 only.
    CuratorVisit.objects.create(curator=users["curator"], school=schools["A-1"], date=D(2024, 3, 1))
    event = MethodEvent.objects.create(
        title="Семинар", kind="seminar", date=D(2023, 10, 5), municipality=a, host_school=schools["A-3"]
    )
    EventAttendance.objects.create(event=event, school=schools["A-4"], participants=3)
    MethodEvent.objects.create(title="РМО", kind="rmo", date=D(2024, 4, 5), municipality=a, host_school=schools["A-4"])
    MethodEvent.objects.create(title="Вебинар", kind="webinar", date=D(2024, 5, 5), municipality=a)
    # Partnerships: A-1's ended in 2023; A-4's is active in 2024.
    Partnership.objects.create(school=schools["A-1"], partner=schools["A-3"], start=D(2022, 1, 1), end=D(2023, 12, 31))
    Partnership.objects.create(school=schools["A-4"], partner=schools["A-3"], start=D(2023, 9, 1), end=D(2024, 6, 30))

    # Teachers.
    def teacher(school, name, active=True):
        return Teacher.objects.create(
            school=schools[school], full_name=name, subject="математика", experience_band="3_10", is_active=active
        )

    t1, t2, t3 = teacher("A-1", "Т1"), teacher("A-1", "Т2"), teacher("A-1", "Т3", active=False)
    t7 = teacher("A-1", "Т7")
    t4, t5, t6 = teacher("A-4", "Т4"), teacher("A-4", "Т5"), teacher("A-4", "Т6")
    for t, d in [(t1, D(2024, 2, 1)), (t2, D(2023, 2, 1)), (t3, D(2024, 2, 1)), (t4, D(2024, 9, 1))]:
        DeficitDiagnostic.objects.create(teacher=t, date=d, instrument="ДПД")
    PDCourse.objects.create(teacher=t1, title="ПК", hours=36, start=D(2024, 1, 10), end=D(2024, 2, 10), completed=True)
    PDCourse.objects.create(teacher=t2, title="ПК", hours=72, start=D(2024, 10, 1), end=D(2025, 1, 20), completed=True)
    PDCourse.objects.create(teacher=t7, title="ПК", hours=16, start=D(2024, 3, 1), end=None, completed=True)
    PDCourse.objects.create(teacher=t5, title="ПК", hours=36, start=D(2024, 3, 1), end=D(2024, 4, 1), completed=False)
    del t6
    return {
        "schools": schools,
        "program_a": program_make(a, "ind-a", start=D(2023, 1, 1), end=D(2024, 12, 31)),
        "program_b": program_make(w["b"], "ind-b", start=D(2023, 1, 1), end=D(2024, 12, 31)),
    }


# Pages are mounted at /indicators/ by config/urls.py; until that line is there, tests use this urlconf.
def _urlpatterns():
    from config.urls import urlpatterns

    mounted = any(getattr(p, "pattern", None) and str(p.pattern) == "indicators/" for p in urlpatterns)
    return list(urlpatterns) if mounted else [*urlpatterns, path("indicators/", include("programs.indicators.urls"))]


urlpatterns = _urlpatterns()


@pytest.fixture
def ind_urls(settings):
    settings.ROOT_URLCONF = "tests.support.indicator_world"
