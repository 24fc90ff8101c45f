import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.models import Result, Subject
from assessments.risk.models import DEFAULT_PROCEDURES
from assessments.risk.rule import ProcedureKey, ResultRow, RuleParams, at_least, rule_apply, rule_apply_sql
from tests.factories import MunicipalityFactory, SchoolFactory

Y = 2023
PARAMS = RuleParams(
    version=1, procedures=tuple(ProcedureKey(p["procedure"], p["subject"], p["grade"]) for p in DEFAULT_PROCEDURES)
)


def row(year, procedure="VPR", subject="russian", grade=5, n=10, m2=None, below=None, school=1):
    return ResultRow(
        school_id=school,
        year=year,
        procedure=procedure,
        subject=subject,
        grade=grade,
        participants=n,
        marks_2=m2,
        below_min=below,
    )


def verdict(*rows, params=PARAMS):
    return rule_apply(params, Y, rows).get(1)


def test_low_exactly_at_the_threshold():
    assert at_least(3, 10, 30)


def test_not_low_just_below_the_threshold():
    assert not at_least(2999, 10000, 30)


def test_no_participants_is_never_low():
    assert not at_least(0, 0, 30)


def test_unknown_fail_is_never_low():
    assert not at_least(None, 10, 30)


def test_criterion_a_two_low_procedures_last_year():
    v = verdict(row(Y - 1, m2=3), row(Y - 1, subject="math", m2=5))
    assert (v.kind, v.criteria) == ("shnor", ["A"])


def test_criterion_a_one_low_procedure_is_not_enough():
    assert verdict(row(Y - 1, m2=3), row(Y - 1, subject="math", m2=2)).kind == "watch"


def test_criterion_b_one_low_in_each_of_two_years():
    v = verdict(row(Y - 1, m2=3), row(Y - 2, procedure="OGE", subject="math", grade=9, n=20, below=6))
    assert (v.kind, v.criteria) == ("shnor", ["B"])


def test_both_criteria_listed_together():
    v = verdict(row(Y - 1, m2=3), row(Y - 1, subject="math", m2=4), row(Y - 2, m2=5))
    assert v.criteria == ["A", "B"]


def test_reasons_carry_year_procedure_subject_grade_n_and_share():
    v = verdict(row(Y - 1, m2=1, n=3), row(Y - 2, grade=6, m2=10, n=30))
    assert v.reasons == [
        {"year": Y - 1, "procedure": "VPR", "subject": "russian", "grade": 5, "participants": 3, "share_2": 33.3},
        {"year": Y - 2, "procedure": "VPR", "subject": "russian", "grade": 6, "participants": 30, "share_2": 33.3},
    ]


def test_results_only_two_years_back_list_nothing():
    assert verdict(row(Y - 2, m2=9), row(Y - 2, subject="math", m2=9)) is None


def test_procedures_outside_the_rule_are_ignored():
    assert (
        verdict(
            row(Y - 1, grade=7, m2=9), row(Y - 1, subject="physics", m2=9), row(Y - 1, procedure="GVE", grade=9, m2=9)
        )
        is None
    )


def test_vpr_counts_marks_2_not_below_min():
    assert verdict(row(Y - 1, m2=0, below=9), row(Y - 1, subject="math", m2=0, below=9)) is None


def test_ege_counts_below_min_over_marks():
    v = verdict(row(Y - 1, "EGE", "russian", 11, m2=0, below=3), row(Y - 1, "EGE", "math_profile", 11, m2=0, below=3))
    assert v.criteria == ["A"]


def test_ege_below_min_zero_wins_over_marks_2():
    assert (
        verdict(row(Y - 1, "EGE", "russian", 11, m2=5, below=0), row(Y - 1, "EGE", "math_base", 11, m2=5, below=0))
        is None
    )


def test_oge_falls_back_to_marks_2_without_below_min():
    v = verdict(row(Y - 1, "OGE", "russian", 9, m2=3), row(Y - 1, "OGE", "math", 9, m2=3))
    assert v.criteria == ["A"]


def test_watch_list_at_the_watch_threshold():
    v = verdict(row(Y - 1, m2=2))
    assert (v.kind, v.criteria) == ("watch", ["threshold"])


def test_watch_list_not_below_the_watch_threshold():
    assert verdict(row(Y - 1, m2=19, n=100)) is None


def test_watch_list_share_grew_two_years_running():
    v = verdict(row(Y - 3, m2=10, n=100), row(Y - 2, m2=15, n=100), row(Y - 1, m2=19, n=100))
    assert (v.kind, v.criteria, [r["share_2"] for r in v.reasons]) == ("watch", ["growth"], [10.0, 15.0, 19.0])


def test_watch_list_growth_needs_all_three_years():
    assert verdict(row(Y - 2, m2=15, n=100), row(Y - 1, m2=19, n=100)) is None


def test_watch_list_flat_share_is_not_growth():
    assert verdict(row(Y - 3, m2=10, n=100), row(Y - 2, m2=15, n=100), row(Y - 1, m2=15, n=100)) is None


def test_parameters_change_the_verdict():
    params = RuleParams(version=2, threshold=40, procedures=PARAMS.procedures, count_a=1)
    assert verdict(row(Y - 1, m2=3), params=params).kind == "watch"


# ---------------------------------------------------------------------------------------------------------------------
# The SQL implementation against the reference, on random data.

IN_RULE = [(p["procedure"], p["subject"], p["grade"]) for p in DEFAULT_PROCEDURES]
OUTSIDE = [("VPR", "math", 7), ("OGE", "physics", 9), ("GVE", "russian", 9)]
counts = st.one_of(st.none(), st.integers(0, 12))
result_values = st.tuples(st.sampled_from([0, 1, 3, 10, 12]), counts, counts)  # n, marks_2, below_min (clipped to n)
keys = st.tuples(st.integers(0, 3), st.sampled_from(IN_RULE + OUTSIDE), st.integers(Y - 4, Y))
params_strategy = st.builds(
    lambda threshold, watch, a, b, subset: RuleParams(
        version=1,
        threshold=threshold,
        watch_threshold=watch,
        count_a=a,
        count_b=b,
        procedures=tuple(ProcedureKey(*p) for p in subset),
    ),
    st.sampled_from([25, 30, 34]),
    st.sampled_from([10, 20, 30]),
    st.integers(1, 3),
    st.integers(1, 2),
    st.one_of(st.just(IN_RULE), st.lists(st.sampled_from(IN_RULE), unique=True)),
)


@pytest.fixture
def pool(db):
    m = MunicipalityFactory()
    return [SchoolFactory(municipality=m) for _ in range(4)], m


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.dictionaries(keys, result_values, max_size=40), params=params_strategy)
def test_sql_matches_the_reference(pool, data, params):
    schools, municipality = pool
    subjects = dict(Subject.objects.values_list("code", "pk"))
    rows = []
    for (school, (procedure, subject, grade), year), (n, m2, below) in data.items():
        m2 = None if m2 is None else min(m2, n)
        below = None if below is None else min(below, n)
        rows.append(ResultRow(schools[school].pk, year, procedure, subject, grade, n, m2, below))
    expected = rule_apply(params, Y, rows)
    with transaction.atomic():
        Result.objects.bulk_create(
            Result(
                school_id=r.school_id,
                procedure=r.procedure,
                subject_id=subjects[r.subject],
                grade=r.grade,
                year=r.year,
                participants=r.participants,
                marks_2=r.marks_2,
                below_min=r.below_min,
            )
            for r in rows
        )
        got = rule_apply_sql(params, Y)
        scoped = rule_apply_sql(params, Y, municipality_ids=[municipality.pk])
        transaction.set_rollback(True)
    assert got == expected
    assert scoped == expected


@given(fail=st.integers(0, 5000), extra=st.integers(0, 5000))
def test_share_2_is_the_api_percent(fail, extra):
    from assessments.risk.rule import share_2
    from core.numbers import api_percent, share

    n = fail + extra
    assert share_2(fail, n) == api_percent(share(fail, n))
