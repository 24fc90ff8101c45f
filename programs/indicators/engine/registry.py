"""The registry of measures: each measure's code, label, unit, settings, formula (shown beside every value) and how
it tells «no data»; `definition_of` is the definition a value keeps of how it was computed."""

from __future__ import annotations

from assessments.models import Procedure
from schools.models import SchoolStatus

from .measures.base import Measure, Param
from .measures.documents import NO_DOCUMENTS, a_documents, m_documents_share
from .measures.lists import NO_LIST, a_list, m_status_share
from .measures.results import (
    FIGURE_CHOICES,
    NO_RESULTS,
    NO_RESULTS_BOTH,
    RUS_MATH,
    m_positive_dynamics,
    m_result_change,
    m_result_share,
)
from .measures.support import (
    NO_COURSES,
    NO_DIAGNOSTICS,
    NO_EVENTS,
    NO_PARTNERSHIPS,
    NO_SUPPORT,
    TEACHERS_OF_YEAR,
    a_courses,
    a_diagnostics,
    a_partnerships,
    a_support,
    m_events_count,
    m_method_work,
    m_partnership,
    m_teachers_diagnosed,
    m_teachers_pd,
    m_teachers_pd_count,
)
from .populations import LIST_CHOICES, SCHOOLS_CHOICES

Kind = SchoolStatus.Kind

P_LIST = Param("Какой список ШНОР", LIST_CHOICES, "official_first")
P_SCHOOLS_TARGET = Param("Какие ОО", SCHOOLS_CHOICES, "target")
P_SCHOOLS_ALL = Param("Какие ОО", SCHOOLS_CHOICES, "all")
P_GRADE = Param("Класс (пусто — все)")
P_PROCEDURES = Param("Процедуры (пусто — все)", {p.value: p.label for p in Procedure})
P_SUBJECTS = Param("Предметы, коды (пусто — все)")
P_TRACKS = Param("Треки программы, номера (пусто — все участники)")

MEASURES: dict[str, Measure] = {
    "shnor_share": Measure(
        "Доля ШНОР среди всех ОО",
        "percent",
        lambda **kw: m_status_share(**{**kw, "params": {**kw["params"], "kind": "shnor"}}),
        per_school=False,
        formula="ШНОР года (официальный список, где он загружен, иначе расчёт портала) / все ОО и филиалы "
        "муниципалитета",
        numerator_label="ОО в списке ШНОР",
        denominator_label="всего ОО и филиалов",
        params={"list": P_LIST},
        available=a_list,
        no_data=NO_LIST,
    ),
    "below_min_share": Measure(
        "Доля результатов ниже минимума (ВПР, ОГЭ, ЕГЭ; русский язык и математика)",
        "percent",
        lambda **kw: m_result_share(
            **{
                **kw,
                "params": {
                    "procedures": ["VPR", "OGE", "EGE"],
                    "subjects": list(RUS_MATH),
                    **kw["params"],
                    "figure": "share_2",
                },
            }
        ),
        per_school=True,
        formula="Σ «2» или ниже минимума / Σ участников: ВПР (все классы), ОГЭ и ЕГЭ по русскому языку и "
        "математике (все уровни), год Y",
        numerator_label="«2» / ниже минимума",
        denominator_label="участников",
        params={
            "per": Param(
                "Считать",
                {
                    "subject": "по предметам (участник — каждый предмет)",
                    "pupil": "по обучающимся (оценка снизу по агрегатам)",
                },
                "subject",
            )
        },
        no_data=NO_RESULTS,
    ),
    "vpr_coped_share": Measure(
        "Доля справившихся с ВПР",
        "percent",
        lambda **kw: m_result_share(**{**kw, "params": {**kw["params"], "procedures": ["VPR"], "figure": "success"}}),
        per_school=True,
        formula="Σ (участники − «2») / Σ участников, ВПР, все предметы, год Y (или один класс)",
        numerator_label="справились (без «2»)",
        denominator_label="участников ВПР",
        params={"grade": P_GRADE},
        no_data=NO_RESULTS,
    ),
    "quality_change": Measure(
        "Изменение качества знаний (ВПР, русский язык и математика)",
        "pp",
        lambda **kw: m_result_change(
            **{
                **kw,
                "params": {
                    "procedures": ["VPR"],
                    "subjects": ["russian", "math"],
                    "schools": "target",
                    **kw["params"],
                    "figure": "quality",
                },
            }
        ),
        per_school=True,
        change=True,
        formula="качество знаний (Σ «4» и «5» / Σ участников) в Y − в Y−1, ВПР по русскому языку и математике "
        "ОО совокупности (участники программы года Y, где она их называет, иначе ШНОР и ШНСУ года Y), "
        "имеющих результаты в оба года",
        numerator_label="«4» и «5» в Y",
        denominator_label="участников в Y",
        params={
            "mode": Param("Изменение", {"pp": "в процентных пунктах", "relative": "относительное, %"}, "pp"),
            "schools": P_SCHOOLS_TARGET,
            "list": P_LIST,
            "tracks": P_TRACKS,
            "cohort": Param("ОО", {"both_years": "с результатами в оба года", "all": "все"}, "both_years"),
        },
        no_data=NO_RESULTS_BOTH,
    ),
    "positive_dynamics_share": Measure(
        "Доля ШНОР и ШНСУ с положительной динамикой",
        "percent",
        m_positive_dynamics,
        per_school=False,
        formula="ОО совокупности (участники программы года Y, где она их называет, иначе ШНОР и ШНСУ года Y), "
        "у которых доля «2» по процедурам правила ШНОР снизилась с Y−1 к Y / ОО совокупности с результатами "
        "в оба года",
        numerator_label="ОО с положительной динамикой",
        denominator_label="ОО с результатами в оба года",
        params={"schools": P_SCHOOLS_TARGET, "list": P_LIST, "tracks": P_TRACKS},
        no_data=NO_RESULTS_BOTH,
    ),
    "method_work_share": Measure(
        "Доля ОО, охваченных методической работой",
        "percent",
        m_method_work,
        per_school=False,
        formula="ОО с визитом куратора или методическим мероприятием (проведённым на их базе или посещённым) в Y / "
        "ОО набора (по умолчанию участники программы года Y, где она их называет, иначе ШНОР и ШНСУ года Y)",
        numerator_label="ОО с методической работой",
        denominator_label="ОО",
        params={"schools": P_SCHOOLS_TARGET, "list": P_LIST, "tracks": P_TRACKS},
        available=a_support,
        no_data=NO_SUPPORT,
    ),
    "partnership_share": Measure(
        "Доля ОО в сетевом взаимодействии и партнёрстве",
        "percent",
        m_partnership,
        per_school=False,
        formula="ОО с партнёрством, действующим в Y (период пересекает год) / ОО набора "
        "(по умолчанию участники программы года Y, где она их называет, иначе ШНОР и ШНСУ)",
        numerator_label="ОО с партнёрством",
        denominator_label="ОО",
        params={"schools": P_SCHOOLS_TARGET, "list": P_LIST, "tracks": P_TRACKS},
        available=a_partnerships,
        no_data=NO_PARTNERSHIPS,
    ),
    "teachers_diagnosed_share": Measure(
        "Доля педагогов, прошедших диагностику профессиональных дефицитов",
        "percent",
        m_teachers_diagnosed,
        per_school=True,
        formula="педагоги ОО набора, работавшие в Y, с диагностикой дефицитов в Y / " + TEACHERS_OF_YEAR,
        numerator_label="педагогов с диагностикой",
        denominator_label="педагогов",
        params={"schools": P_SCHOOLS_TARGET, "list": P_LIST, "tracks": P_TRACKS},
        available=a_diagnostics,
        no_data=NO_DIAGNOSTICS,
    ),
    "teachers_pd_share": Measure(
        "Доля педагогов, прошедших курсы повышения квалификации",
        "percent",
        m_teachers_pd,
        per_school=True,
        formula="педагоги ОО набора (по умолчанию участники программы года Y, где она их называет, иначе "
        "ШНОР года Y), работавшие в Y, с курсами ПК, завершёнными в Y / " + TEACHERS_OF_YEAR,
        numerator_label="педагогов с курсами ПК",
        denominator_label="педагогов",
        params={
            "schools": Param("Какие ОО", SCHOOLS_CHOICES, "shnor"),
            "list": P_LIST,
            "tracks": P_TRACKS,
            "min_hours": Param("Не менее часов"),
            "forms": Param("Формы обучения"),
        },
        available=a_courses,
        no_data=NO_COURSES,
    ),
    # Generic measures for indicators defined anew.
    "status_share": Measure(
        "Доля ОО в годовом списке (ШНОР, ШНСУ, зона риска, «500+», необъективность)",
        "percent",
        m_status_share,
        per_school=False,
        formula="ОО в списке года Y / все ОО и филиалы муниципалитета",
        numerator_label="ОО в списке",
        denominator_label="всего ОО",
        params={"kind": Param("Список", dict(Kind.choices), "shnor"), "list": P_LIST},
        available=a_list,
        no_data="за {year} год нет списка «{kind}»",
    ),
    "result_share": Measure(
        "Доля участников по показателю результатов",
        "percent",
        m_result_share,
        per_school=True,
        formula="Σ числителя показателя / Σ участников, по выбранным процедурам, предметам и классам, год Y",
        numerator_label="числитель показателя",
        denominator_label="участников",
        params={
            "figure": Param("Показатель", FIGURE_CHOICES, "share_2"),
            "procedures": P_PROCEDURES,
            "subjects": P_SUBJECTS,
            "grade": P_GRADE,
            "schools": P_SCHOOLS_ALL,
            "list": P_LIST,
            "tracks": P_TRACKS,
        },
        no_data=NO_RESULTS,
    ),
    "events_count": Measure(
        "Число методических мероприятий",
        "count",
        m_events_count,
        per_school=False,
        formula="методические мероприятия муниципалитета в Y (выбранных видов; при необходимости — на базе ОО набора)",
        numerator_label="мероприятий",
        params={
            "kinds": Param("Виды мероприятий (пусто — все)"),
            "host": Param("На базе", {"any": "любой", **SCHOOLS_CHOICES}, "any"),
            "list": P_LIST,
            "tracks": P_TRACKS,
        },
        no_data=NO_EVENTS,
    ),
    "teachers_pd_count": Measure(
        "Число педагогов, завершивших курсы ПК",
        "count",
        m_teachers_pd_count,
        per_school=False,
        formula="работающие педагоги ОО набора с курсами ПК, завершёнными в Y (не менее N часов, выбранных форм)",
        numerator_label="педагогов",
        params={
            "schools": P_SCHOOLS_TARGET,
            "list": P_LIST,
            "tracks": P_TRACKS,
            "min_hours": Param("Не менее часов"),
            "forms": Param("Формы обучения"),
        },
        available=a_courses,
        no_data=NO_COURSES,
    ),
    "documents_share": Measure(
        "Доля ОО с согласованной школьной программой",
        "percent",
        m_documents_share,
        per_school=False,
        formula="ОО набора с документом выбранного вида, согласованным или опубликованным за Y / ОО набора (или все ОО)",
        numerator_label="ОО с документом",
        denominator_label="ОО",
        params={
            "schools": P_SCHOOLS_TARGET,
            "list": P_LIST,
            "tracks": P_TRACKS,
            "kinds": Param("Виды документов"),
            "of": Param("Знаменатель", {"set": "ОО набора", "all": "все ОО муниципалитета"}, "set"),
        },
        available=a_documents,
        no_data=NO_DOCUMENTS,
    ),
}


def measure_choices() -> list[tuple[str, str]]:
    return [(k, m.label) for k, m in MEASURES.items()]


def definition_of(indicator, measure: Measure | None) -> dict:
    return {
        "measure": indicator.measure,
        "params": indicator.params,
        "targets": indicator.targets,
        "comparator": indicator.comparator,
        "unit": indicator.unit,
        "direction": indicator.direction,
        "population": getattr(indicator, "population", "") or "participants",
        "formula": measure.formula if measure else "",
    }
