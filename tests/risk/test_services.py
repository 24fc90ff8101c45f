import pytest
from django.core.cache import cache

from assessments.models import Result
from assessments.risk import formatting as risk_formatting
from assessments.risk import selectors as risk_selectors
from assessments.risk import services as risk
from assessments.risk.models import RiskRule, RiskRun
from assessments.risk.tasks import risk_recompute_nightly
from core.tables import table_read
from schools.models import SchoolStatus
from tests.factories import SchoolStatusFactory
from tests.support.results_files import csv_bytes
from tests.support.risk import Y, make_listed, result
from tests.support.runtime import wait_for

pytestmark = pytest.mark.django_db


def computed(year=Y, kind="shnor"):
    return set(
        SchoolStatus.objects.filter(year=year, kind=kind, source="computed").values_list("school__code", flat=True)
    )


def test_default_rule_version_one_from_migration():
    rule = RiskRule.objects.current()
    assert (rule.version, rule.threshold, rule.count_a, rule.count_b, rule.watch_threshold, len(rule.procedures)) == (
        1,
        30,
        2,
        1,
        20,
        9,
    )


def test_recompute_stores_computed_statuses_with_reasons_and_version(two_municipalities):
    make_listed(two_municipalities["a1"])
    risk.risk_list_recompute(year=Y)
    st = SchoolStatus.objects.get(school=two_municipalities["a1"], year=Y, kind="shnor")
    assert (st.source, st.rule_version, st.reasons["criteria"], len(st.reasons["items"])) == ("computed", 1, ["A"], 2)


def test_branch_is_listed_on_its_own(two_municipalities):
    make_listed(two_municipalities["a2"])
    risk.risk_list_recompute(year=Y)
    assert computed() == {"A-2"}


def test_watch_list_stored_as_watch(two_municipalities):
    result(two_municipalities["a1"], Y - 1, m2=2)
    risk.risk_list_recompute(year=Y)
    assert computed(kind="watch") == {"A-1"}


def test_recompute_replaces_previous_computed_list(two_municipalities):
    make_listed(two_municipalities["a1"])
    risk.risk_list_recompute(year=Y)
    Result.objects.filter(school=two_municipalities["a1"]).update(marks_2=0)
    make_listed(two_municipalities["b1"])
    run = risk.risk_list_recompute(year=Y)[0]
    assert (computed(), run.added, run.removed) == ({"B-1"}, ["B-1"], ["A-1"])


def test_recompute_of_one_municipality_keeps_the_others(two_municipalities):
    make_listed(two_municipalities["a1"])
    make_listed(two_municipalities["b1"])
    risk.risk_list_recompute(year=Y)
    Result.objects.update(marks_2=0)
    risk.risk_list_recompute(year=Y, municipality_ids=[two_municipalities["a"].pk])
    assert computed() == {"B-1"}


def test_recompute_leaves_official_rows_alone(two_municipalities):
    SchoolStatusFactory(school=two_municipalities["b1"], year=Y, level="strong")
    risk.risk_list_recompute(year=Y)
    assert SchoolStatus.objects.filter(source="official").count() == 1


def test_crash_keeps_previous_list(two_municipalities, monkeypatch):
    make_listed(two_municipalities["a1"])
    risk.risk_list_recompute(year=Y)
    Result.objects.update(marks_2=0)

    def boom(*args, **kwargs):
        raise RuntimeError("crash")

    monkeypatch.setattr(risk, "_statuses_write", boom)
    with pytest.raises(RuntimeError):
        risk.risk_list_recompute(year=Y)
    assert computed() == {"A-1"}


def test_new_rule_version_keeps_old_lists_and_shows_the_change(two_municipalities, users):
    result(two_municipalities["a1"], Y - 1, m2=3)  # 30 %: low under v1 (with one more), not under v2
    result(two_municipalities["a1"], Y - 1, subject="math", m2=3)
    risk.risk_list_recompute(year=Y)
    risk.risk_list_recompute(year=Y - 1)
    rule = risk.risk_rule_create(
        user=users["admin"],
        threshold=35,
        watch_threshold=20,
        procedures=RiskRule.objects.current().procedures,
        count_a=2,
        count_b=1,
        note="тест",
    )
    run = risk.risk_list_recompute(year=Y)[0]
    assert (rule.version, run.rule_version, run.previous_rule_versions, run.removed) == (2, 2, [1], ["A-1"])


def test_rule_versions_are_never_mutated(users):
    first = RiskRule.objects.get(version=1)
    risk.risk_rule_create(user=users["admin"], threshold=40, watch_threshold=20, procedures=[], count_a=3, count_b=1)
    first.refresh_from_db()
    assert (first.threshold, RiskRule.objects.current().version) == (30, 2)


def test_list_keeps_the_version_it_was_computed_with(two_municipalities, users):
    make_listed(two_municipalities["a1"])
    risk.risk_list_recompute(year=Y)
    risk.risk_rule_create(user=users["admin"], threshold=40, watch_threshold=20, procedures=[], count_a=3, count_b=1)
    lists = risk_selectors.risk_list(user=users["head"], year=Y)
    assert (lists.rule.version, SchoolStatus.objects.get(kind="shnor").rule_version) == (1, 1)


def test_shnor_ids_use_the_official_list_where_imported(two_municipalities):
    make_listed(two_municipalities["a1"])
    make_listed(two_municipalities["b1"])
    risk.risk_list_recompute(year=Y)
    SchoolStatusFactory(school=two_municipalities["a2"], year=Y)  # official list in A: A-2 only
    assert set(risk_selectors.shnor_school_ids(year=Y)) == {two_municipalities["a2"].pk, two_municipalities["b1"].pk}


def test_shnor_ids_filtered_by_municipality(two_municipalities):
    make_listed(two_municipalities["a1"])
    make_listed(two_municipalities["b1"])
    risk.risk_list_recompute(year=Y)
    ids = risk_selectors.shnor_school_ids(year=Y, municipality_ids=[two_municipalities["b"].pk])
    assert set(ids) == {two_municipalities["b1"].pk}


def test_shnor_ids_work_as_a_subquery(two_municipalities, query_budget):
    from schools.models import School

    make_listed(two_municipalities["a1"])
    risk.risk_list_recompute(year=Y)
    with query_budget("risk.selectors.shnor_school_ids"):
        codes = list(
            School.objects.filter(pk__in=risk_selectors.shnor_school_ids(year=Y)).values_list("code", flat=True)
        )
    assert codes == ["A-1"]


def test_risk_list_differences_both_ways(two_municipalities, users):
    make_listed(two_municipalities["a1"])
    risk.risk_list_recompute(year=Y)
    SchoolStatusFactory(school=two_municipalities["a2"], year=Y, level="moderate")
    payload = risk_formatting.risk_list_payload(risk_selectors.risk_list(user=users["head"], year=Y))
    assert payload["differences"] == {"only_computed": ["A-1"], "only_official": ["A-2"]}


# ---------------------------------------------------------------------------------------------------------------------
# Official list import (contract 1.3)

OFFICIAL_HEADER = ["Год", "Код ОО", "Наименование ОО", "Уровень", "Список"]


def official(rows, header=OFFICIAL_HEADER):
    return table_read(csv_bytes(rows, header=header), filename="list.csv")


def test_official_import_creates_rows_with_levels(two_municipalities, users):
    outcome = risk.official_list_import(
        table=official([[Y, "A-1", "", "сильно неуспевающие", ""], [Y, "A-2", "", "Базово", "ШНОР"]]),
        user=users["methodologist"],
    )
    levels = dict(SchoolStatus.objects.filter(source="official").values_list("school__code", "level"))
    assert (outcome.status, outcome.created, levels) == ("imported", 2, {"A-1": "strong", "A-2": "basic"})


def test_official_import_matches_names(two_municipalities, users):
    risk.official_list_import(table=official([[Y, "", "мбоу сош №1 (А)", "", ""]]), user=users["methodologist"])
    assert SchoolStatus.objects.get(source="official").school == two_municipalities["a1"]


def test_official_import_reads_other_kinds(two_municipalities, users):
    risk.official_list_import(
        table=official([[Y, "A-1", "", "", "500+"], [Y, "A-1", "", "", "ШНСУ"]]), user=users["admin"]
    )
    assert set(SchoolStatus.objects.values_list("kind", flat=True)) == {"500plus", "shnsu"}


def test_official_import_replaces_that_years_list_of_that_kind(two_municipalities, users):
    SchoolStatusFactory(school=two_municipalities["a1"], year=Y)
    SchoolStatusFactory(school=two_municipalities["a1"], year=Y - 1)
    outcome = risk.official_list_import(table=official([[Y, "A-2", "", "", ""]]), user=users["methodologist"])
    rows = set(SchoolStatus.objects.values_list("school__code", "year"))
    assert (outcome.removed, rows) == (1, {("A-2", Y), ("A-1", Y - 1)})


def test_official_import_keeps_lists_outside_the_scope(two_municipalities, users):
    SchoolStatusFactory(school=two_municipalities["b1"], year=Y)
    risk.official_list_import(table=official([[Y, "A-1", "", "", ""]]), user=users["methodologist"])
    assert SchoolStatus.objects.filter(school=two_municipalities["b1"]).exists()


def test_official_import_is_whole_or_nothing(two_municipalities, users):
    outcome = risk.official_list_import(
        table=official([[Y, "A-1", "", "", ""], ["два", "A-2", "", "очень", "список"]]), user=users["methodologist"]
    )
    messages = {(e.row, e.column, e.message) for e in outcome.errors}
    assert (outcome.status, SchoolStatus.objects.count(), messages) == (
        "rejected",
        0,
        {
            (3, "Год", risk.BAD_YEAR.format(value="два")),
            (3, "Уровень", risk.UNKNOWN_LEVEL.format(value="очень")),
            (
                3,
                "Список",
                "Список «список» не распознан: допустимо ШНОР, ШНСУ, 500+, необъективность, зона риска, низкий ИОР, "
                "постпроектное сопровождение, региональный проект.",
            ),
        },
    )


def test_official_import_refuses_schools_outside_scope(two_municipalities, users):
    outcome = risk.official_list_import(table=official([[Y, "B-1", "", "", ""]]), user=users["methodologist"])
    assert [e.message for e in outcome.errors] == [risk.SCHOOL_OUT_OF_SCOPE.format(code="B-1")]


def test_official_import_outside_scope_is_logged(two_municipalities, users):
    from core.models import AuditEvent

    risk.official_list_import(table=official([[Y, "B-1", "", "", ""]]), user=users["methodologist"])
    event = AuditEvent.objects.get(kind="scope_violation")
    assert (event.user, event.data) == (
        users["methodologist"],
        {"what": "official_list_import", "school_codes": ["B-1"]},
    )


def test_official_import_ambiguous_name_is_an_error(two_municipalities, users):
    two_municipalities["a2"].aliases = ["Школа"]
    two_municipalities["a2"].save()
    two_municipalities["a1"].aliases = ["школа"]
    two_municipalities["a1"].save()
    outcome = risk.official_list_import(table=official([[Y, "", "«Школа»", "", ""]]), user=users["methodologist"])
    assert [e.message for e in outcome.errors] == [risk.SCHOOL_AMBIGUOUS.format(name="«Школа»")]


def test_official_import_duplicate_row_is_an_error(two_municipalities, users):
    outcome = risk.official_list_import(
        table=official([[Y, "A-1", "", "", ""], [Y, "A-1", "", "", ""]]), user=users["admin"]
    )
    assert [e.message for e in outcome.errors] == [risk.DUPLICATE_ROW.format(row=2)]


def test_official_import_requires_a_school_column(two_municipalities, users):
    outcome = risk.official_list_import(table=official([[Y]], header=["Год"]), user=users["admin"])
    assert [e.message for e in outcome.errors] == [risk.NO_SCHOOL_COLUMN]


def test_official_import_keeps_history_with_author(two_municipalities, users):
    risk.official_list_import(table=official([[Y, "A-1", "", "", ""]]), user=users["methodologist"])
    assert SchoolStatus.history.get().history_user == users["methodologist"]


# ---------------------------------------------------------------------------------------------------------------------
# Recompute after imports, nightly


def test_import_schedules_the_lists_it_feeds(two_municipalities, settings, django_capture_on_commit_callbacks):
    settings.RISK_RECOMPUTE_DEBOUNCE_SECONDS = 0
    make_listed(two_municipalities["a1"], year=Y)
    with django_capture_on_commit_callbacks(execute=True):
        risk.risk_recompute_after_import(school_ids=[two_municipalities["a1"].pk], years=[Y - 1])
    assert set(RiskRun.objects.values_list("year", "municipality__code", "trigger")) == {
        (Y, "A01", "import"),
        (Y + 1, "A01", "import"),
    }


def test_import_queues_one_task_for_every_list_it_feeds(
    two_municipalities, settings, monkeypatch, django_capture_on_commit_callbacks
):
    # Two municipalities × two years of results feed 2 × 3 lists: one message for all of them, not six.
    from assessments.risk import tasks as risk_tasks

    sent = []
    monkeypatch.setattr(
        risk_tasks.risk_recompute_debounced_many, "apply_async", lambda args, countdown: sent.append(args)
    )
    w = two_municipalities
    with django_capture_on_commit_callbacks(execute=True):
        risk.risk_recompute_after_import(school_ids=[w["a1"].pk, w["a2"].pk, w["b1"].pk], years=[Y - 1, Y])
    assert len(sent) == 1
    (batch,) = sent[0]
    assert sorted((year, m) for year, m, _token in batch) == sorted(
        (y, m.pk) for m in (w["a"], w["b"]) for y in (Y, Y + 1, Y + 2)
    )


def test_batched_recompute_skips_superseded_lists_one_pass_per_year(two_municipalities):
    w = two_municipalities
    make_listed(w["a1"], year=Y)
    make_listed(w["b1"], year=Y)
    for m, token in ((w["a"], "a-latest"), (w["b"], "b-newer")):
        cache.set(risk._debounce_key(m.pk, Y), token)
    years = risk.risk_recompute_if_latest_many(targets=[(Y, w["a"].pk, "a-latest"), (Y, w["b"].pk, "b-older")])
    assert years == [Y]
    assert set(RiskRun.objects.values_list("year", "municipality__code", "trigger")) == {(Y, "A01", "import")}


def test_superseded_token_does_not_recompute(two_municipalities):
    cache.set(risk._debounce_key(two_municipalities["a"].pk, Y), "newer")
    assert not risk.risk_recompute_if_latest(year=Y, municipality_id=two_municipalities["a"].pk, token="older")


def test_nightly_recomputes_current_and_next_year(two_municipalities):
    years = risk_recompute_nightly()
    assert sorted(RiskRun.objects.values_list("year", flat=True)) == years


@pytest.mark.worker
def test_debounced_recompute_through_a_real_worker(celery_worker, two_municipalities, settings):
    settings.RISK_RECOMPUTE_DEBOUNCE_SECONDS = 1
    make_listed(two_municipalities["a1"], year=Y)
    for _ in range(3):  # a burst of imports: one recompute per list
        risk.risk_recompute_after_import(school_ids=[two_municipalities["a1"].pk], years=[Y - 1])
    wait_for(
        lambda: RiskRun.objects.filter(year=Y + 1).exists() and RiskRun.objects.filter(year=Y).exists(), timeout=60
    )
    import time

    time.sleep(2)  # let any superseded task arrive and exit
    assert (RiskRun.objects.filter(year=Y).count(), RiskRun.objects.filter(year=Y + 1).count(), computed()) == (
        1,
        1,
        {"A-1"},
    )


def test_shnor_list_sources_tells_a_list_from_no_list(two_municipalities):
    """Official where imported; computed where it lists schools, or where a recompute ran over results of Y−1 (an
    empty list that is real); otherwise the year has no list at all."""
    a, b = two_municipalities["a"].pk, two_municipalities["b"].pk
    assert risk_selectors.shnor_list_sources(year=Y) == {}
    result(two_municipalities["b1"], Y - 1, m2=1)  # B has results of Y−1, nobody low
    assert risk_selectors.shnor_list_sources(year=Y) == {}  # no recompute yet: no list
    risk.risk_list_recompute(year=Y)
    assert risk_selectors.shnor_list_sources(year=Y) == {b: "computed"}  # B's empty list is computed; A has no data
    SchoolStatusFactory(school=two_municipalities["a1"], year=Y, source="official")
    assert risk_selectors.shnor_list_sources(year=Y) == {a: "official", b: "computed"}
    assert risk_selectors.shnor_list_sources(year=Y, mode="computed") == {b: "computed"}
    assert risk_selectors.shnor_list_sources(year=Y, municipality_ids=[a], mode="official") == {a: "official"}
