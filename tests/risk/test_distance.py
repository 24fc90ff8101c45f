from assessments.risk.distance import distance_to_list, least_low_fail, pupils_to_flip
from assessments.risk.models import DEFAULT_PROCEDURES
from assessments.risk.rule import ProcedureKey, ResultRow, RuleParams, at_least

Y = 2024
PARAMS = RuleParams(
    version=1, procedures=tuple(ProcedureKey(p["procedure"], p["subject"], p["grade"]) for p in DEFAULT_PROCEDURES)
)


def row(year=Y, procedure="VPR", subject="russian", grade=5, n=10, m2=None, below=None, school=1):
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


def distance(*rows):
    return distance_to_list(PARAMS, Y, rows)[1]


def test_exactly_30_percent_is_low_and_one_pupil_fewer_clears_it():
    item = distance(row(m2=3)).procedures[0]
    assert (item.low, item.share_2, item.pupils_to_flip) == (True, 30.0, 1)


def test_one_pupil_below_30_percent_is_not_low_and_one_pupil_more_makes_it_low():
    item = distance(row(m2=2)).procedures[0]
    assert (item.low, item.pupils_to_flip) == (False, 1)


def test_one_pupil_above_30_percent_needs_two_pupils_fewer():
    assert distance(row(m2=4)).procedures[0].pupils_to_flip == 2


def test_the_least_low_count_is_the_rules_boundary_for_every_class_size():
    for n in range(1, 200):
        least = least_low_fail(n, 30)
        assert at_least(least, n, 30) and not at_least(least - 1, n, 30)


def test_flipping_by_the_distance_crosses_the_boundary_for_every_count():
    for n in (7, 10, 29, 31, 100):
        for fail in range(n + 1):
            k = pupils_to_flip(fail, n, 30)
            low = at_least(fail, n, 30)
            assert at_least(fail - k if low else fail + k, n, 30) != low
            assert at_least(fail - k + 1 if low else fail + k - 1, n, 30) == low


def test_ege_reads_below_minimum():
    item = distance(row(procedure="EGE", subject="math_profile", grade=11, n=20, m2=0, below=6)).procedures[0]
    assert (item.fail, item.low, item.pupils_to_flip) == (6, True, 1)


def test_unknown_fail_or_no_participants_has_no_distance():
    d = distance(row(m2=None), row(subject="math", n=0, m2=0))
    assert [p.pupils_to_flip for p in d.procedures] == [None, None]


def test_one_low_procedure_is_one_step_to_the_list_by_criterion_a():
    d = distance(row(m2=3), row(subject="math", m2=2))
    assert (d.listed, d.one_step_to_list, d.pupils_to_list) == (False, True, 1)


def test_no_low_procedure_and_a_clean_last_year_is_not_one_step_away():
    d = distance(row(m2=1), row(subject="math", m2=0), row(year=Y - 1, m2=0))
    assert (d.listed, d.one_step) == (False, False)


def test_a_low_procedure_last_year_makes_any_low_procedure_this_year_list_it_by_criterion_b():
    d = distance(row(m2=2), row(subject="math", m2=0), row(year=Y - 1, subject="math", m2=5))
    assert (d.one_step_to_list, d.pupils_to_list) == (True, 1)


def test_two_low_procedures_at_the_threshold_are_one_step_from_leaving():
    d = distance(row(m2=3), row(subject="math", m2=6))
    assert (d.listed, d.one_step_from_list, d.pupils_to_leave) == (True, True, 1)


def test_three_low_procedures_are_more_than_one_step_from_leaving():
    d = distance(row(m2=3), row(subject="math", m2=3), row(grade=6, m2=3))
    assert (d.listed, d.one_step) == (True, False)


def test_listed_by_b_leaves_when_its_one_low_procedure_clears():
    d = distance(row(m2=5), row(year=Y - 1, m2=5))
    assert (d.listed, d.one_step_from_list, d.pupils_to_leave) == (True, True, 3)


def test_procedures_outside_the_rule_and_older_years_are_ignored():
    d = distance(row(procedure="VPR", subject="russian", grade=4, m2=9), row(m2=0))
    assert [(p.grade, p.low) for p in d.procedures] == [(5, False)]


def test_the_distance_is_for_next_years_list():
    d = distance(row(m2=0))
    assert (d.year, d.list_year) == (Y, Y + 1)
