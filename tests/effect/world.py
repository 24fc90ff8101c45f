"""A small region in the database for the effect's pages, endpoint and tasks: 70 schools × 6 years of VPR results.

Municipality A (the `two_municipalities` fixture's, with the `users` of every role) gets 40 schools more and B 27;
each school's share of «2» in VPR Russian, grade 5, is its latent level + the region's trend + noise (seeded).
The programme `eff-a` of A takes 12 of A's schools at random from 2023; no effect planted.
"""

import datetime

import numpy as np

from assessments.models import Result, Subject
from programs.models import Program, ProgramParticipant
from schools.models import School

YEARS = tuple(range(2019, 2025))
FIRST_YEAR = 2023
PROGRAM = "eff-a"


def world_make(two_municipalities, *, seed: int = 2, treated: int = 12) -> Program:
    w = two_municipalities
    rng = np.random.default_rng(seed)
    extra = [
        School(code=f"E-{m.code}-{i}", name=f"Школа {m.code} {i}", short_name=f"СОШ {m.code} {i}", municipality=m)
        for m, count in ((w["a"], 40), (w["b"], 27))
        for i in range(count)
    ]
    School.objects.bulk_create(extra)
    schools = list(School.objects.filter(municipality__region=w["a"].region).order_by("pk"))
    russian = Subject.objects.get(code="russian")
    mu = np.clip(rng.normal(18, 6, len(schools)), 1, 60)
    n = rng.integers(20, 60, len(schools))
    shares = {y: np.clip(mu - (y - YEARS[0]) + rng.normal(0, 5, len(schools)), 0, 100) for y in YEARS}
    Result.objects.bulk_create(
        Result(
            school=s,
            procedure="VPR",
            subject=russian,
            grade=5,
            year=y,
            participants=int(n[i]),
            marks_2=round(float(shares[y][i]) * int(n[i]) / 100),
        )
        for y in YEARS
        for i, s in enumerate(schools)
    )
    program = Program.objects.create(
        code=PROGRAM,
        title="Программа поддержки школ с низкими результатами",
        municipality=w["a"],
        period_start=datetime.date(FIRST_YEAR, 1, 1),
        period_end=datetime.date(2025, 12, 31),
    )
    in_a = [i for i, s in enumerate(schools) if s.municipality_id == w["a"].pk]
    chosen = rng.choice(in_a, size=treated, replace=False)
    ProgramParticipant.objects.bulk_create(
        ProgramParticipant(program=program, school=schools[int(i)], year=FIRST_YEAR) for i in chosen
    )
    return program
