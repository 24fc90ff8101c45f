"""Results that put a school on the ШНОР list of a year (the rule's criterion A)."""

from assessments.models import Result, Subject

Y = 2023


def result(school, year, procedure="VPR", subject="russian", grade=5, n=10, m2=None, below=None):
    return Result.objects.create(
        school=school,
        procedure=procedure,
        subject=Subject.objects.get(code=subject),
        grade=grade,
        year=year,
        participants=n,
        marks_2=m2,
        below_min=below,
    )


def make_listed(school, year=Y):
    """Criterion A for `year`: two low procedures in year − 1."""
    result(school, year - 1, m2=4)
    result(school, year - 1, subject="math", m2=5)
