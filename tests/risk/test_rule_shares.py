"""The ШНОР rule and the watch-list from shares (contract 1.2): a school whose results came as shares without n is
listed when its given share of «2» reaches the threshold — the reference and the SQL alike, and through the import."""

from decimal import Decimal

import pytest

from assessments.risk.models import DEFAULT_PROCEDURES
from assessments.risk.rule import ProcedureKey, ResultRow, RuleParams, rule_apply, rule_apply_sql
from assessments.services import results_import
from core.tables import table_read

Y = 2023
PARAMS = RuleParams(
    version=1, procedures=tuple(ProcedureKey(p["procedure"], p["subject"], p["grade"]) for p in DEFAULT_PROCEDURES)
)


def shares_row(year, subject="russian", share=None, success=None, procedure="VPR", grade=5, below=None):
    return ResultRow(
        school_id=1,
        year=year,
        procedure=procedure,
        subject=subject,
        grade=grade,
        participants=0,
        share_2=None if share is None else Decimal(share),
        success=None if success is None else Decimal(success),
        below_min_share=None if below is None else Decimal(below),
    )


def test_two_low_shares_without_n_list_the_school():
    v = rule_apply(PARAMS, Y, [shares_row(Y - 1, share="30"), shares_row(Y - 1, subject="math", success="65")])
    assert (v[1].kind, v[1].criteria) == ("shnor", ["A"])
    assert [(r["participants"], r["share_2"]) for r in v[1].reasons] == [(None, 30.0), (None, 35.0)]


def test_a_share_just_below_the_threshold_is_not_low_but_watched():
    v = rule_apply(PARAMS, Y, [shares_row(Y - 1, share="29.99"), shares_row(Y - 1, subject="math", share="31")])
    assert (v[1].kind, v[1].criteria) == ("watch", ["threshold"])


def test_oge_reads_the_share_below_the_minimum():
    rows = [
        shares_row(Y - 1, procedure="OGE", subject="math", grade=9, share="5", below="40"),
        shares_row(Y - 2, procedure="OGE", subject="russian", grade=9, below="35"),
    ]
    assert rule_apply(PARAMS, Y, rows)[1].criteria == ["B"]


SHARES_FILE = "\n".join(
    [
        "Код ОО;Процедура;Предмет;Класс;Год;Участников;% «2»",
        f"A-1;ВПР;Русский язык;5;{Y - 1};;35",  # shares only, n unknown
        f"A-1;ВПР;Математика;5;{Y - 1};;30",
        f"B-1;ВПР;Русский язык;5;{Y - 1};20;35",  # with n: counts derived (7 of 20)
        f"B-1;ВПР;Математика;5;{Y - 1};;29,9",
    ]
).encode()


@pytest.mark.django_db
def test_imported_shares_list_the_school_in_sql_as_in_the_reference(two_municipalities):
    w = two_municipalities
    outcome = results_import(table=table_read(SHARES_FILE, filename="r.csv"))
    assert outcome.status == "imported", outcome.errors
    got = rule_apply_sql(PARAMS, Y)
    assert got[w["a1"].pk].kind == "shnor" and got[w["a1"].pk].criteria == ["A"]
    assert [(r["participants"], r["share_2"]) for r in got[w["a1"].pk].reasons] == [(None, 35.0), (None, 30.0)]
    assert got[w["b1"].pk].kind == "watch"  # 35 % of 20, and 29,9 % below the threshold
    assert [(r["participants"], r["share_2"]) for r in got[w["b1"].pk].reasons] == [(20, 35.0), (None, 29.9)]


@pytest.mark.django_db
def test_shares_only_results_are_data_for_the_years_computed_list(two_municipalities):
    """A recompute over a municipality whose Y−1 results came as shares only yields a real list (not «no list»)."""
    from assessments.risk.selectors import shnor_list_sources
    from tests.factories import RiskRunFactory

    w = two_municipalities
    lines = ["Код ОО;Процедура;Предмет;Класс;Год;Участников;% «2»", f"A-1;ВПР;Русский язык;5;{Y - 1};;10"]
    results_import(table=table_read("\n".join(lines).encode(), filename="r.csv"))
    RiskRunFactory(year=Y, municipality=w["a"])
    RiskRunFactory(year=Y, municipality=w["b"])
    assert shnor_list_sources(year=Y) == {w["a"].pk: "computed"}  # B has no results of Y−1
