"""Seed 001: муниципальное образование Славянский район (Краснодарский край), муниципальная программа «Повышение
качества образования в общеобразовательных организациях муниципального образования Славянский район» на
2023–2025 годы, приложение к приказу управления образования от 10.01.2023 № 114.

As the document has it: 37 general education organisations (the schools it names by number, and as many others);
the 2022 ШНОР list of the regional sample (10 schools) through the official-list import; the programme's passport
(period, order, developer, executors, goal, tasks 1–8, expected results of Section 5, risks of Section 6); the plan
of Section 3 and of the passport's «Мониторинг реализации программы» (`demo/tables/001_plan.csv`) through the plan
import; the twenty indicators with their 2025 targets; the 2022 EGE figures Section 1 prints as school rows whose
sums are those figures (Russian: 488 participants, one below the minimum, in СОШ № 39; base mathematics: 217 with
132 «5», 64 «4», 20 «3», one «2», no «3» in №№ 1, 4, 6, 19, 23, 28, 51; profile mathematics: 271 participants,
mean 60,2 against 57,8 in 2021, higher in the 11 schools it names and lower in the 7); the GIA-9 figure of
indicator 4 (1 055 of 1 363) with the document's own «77,3 %» beside it.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from .common import csv_rows, file_table, official_lists_import, plan_table_import, table

CODE = "SLAV"
NAME = "Славянский район"
REGION_DIGITS = "2331"

MENTIONED = sorted({int(r["school_number"]) for r in csv_rows("001_school_registry_partial.csv")})
NUMBERS = sorted(set(MENTIONED) | {2, 9, 13, 14, 24, 27})  # 31 named + 6 = the document's 37 organisations
OOSH = {7, 8, 11, 21, 22, 30, 49, 50, 52}
MAOU = {17}
SETTLEMENTS = [
    "г. Славянск-на-Кубани",
    "ст. Петровская",
    "ст. Анастасиевская",
    "х. Галицын",
    "ст. Прикубанская",
    "п. Совхозный",
    "х. Коржевский",
    "ст. Черноерковская",
    "х. Водный",
    "п. Целинный",
]


def C(number: int) -> str:
    return f"{REGION_DIGITS}{number:02d}"


def _type(n: int) -> str:
    return "лицей" if n == 1 else "ООШ" if n in OOSH else "СОШ"


def _short(n: int) -> str:
    return f"{'МАОУ' if n in MAOU else 'МБОУ'} {_type(n)} № {n}"


CODES = {C(n) for n in NUMBERS}
SCHOOLS = [
    (C(n), _short(n), _type(n), SETTLEMENTS[n % len(SETTLEMENTS)], "", f"{_type(n)} № {n};школа № {n};№ {n}")
    for n in NUMBERS
]


def _listed(key: str) -> list[int]:
    return [int(r["school_number"]) for r in csv_rows("001_school_lists.csv") if r["list_key"] == key]


SHNOR_2022 = _listed("shnor_2022")
POST_PROJECT_2022 = _listed("post_project_2022")
LOW_IOR = _listed("low_ior")
NO_GRADE_3 = _listed("ege_math_base_no_grade3")
PROFILE_UP = [
    int(n) for n in ["4", "5", "12", "19", "20", "23", "25", "28", "29", "43", "48"]
]  # Section 1: «увеличился … в 11 ОУ»
PROFILE_DOWN = [int(n) for n in ["1", "3", "6", "16", "17", "18", "39"]]  # «ниже прошлогоднего … в 7 ОУ»
GRADE_11 = [n for n in NUMBERS if n not in OOSH and n != 15]
GRADE_9 = [n for n in NUMBERS if n != 15]  # «36 ОО, где получали ООО»  # school № 15 (191 pupils) has no graduates here

MAIN_IDEA = (
    "Преодоление разрыва в образовательных возможностях и достижениях общеобразовательных учреждений района за счёт "
    "внедрения практики проектного управления образовательными результатами."
)
PERIOD_TEXT = "2023–2025 годы"
NORMATIVE_BASIS = """Федеральный закон «Об образовании в Российской Федерации» от 29.12.2012 № 273-ФЗ
Указ Президента Российской Федерации от 21.07.2020 № 474 «О национальных целях развития Российской Федерации на период до 2030 года»
Распоряжение Правительства Российской Федерации от 25.08.2014 № 1618-р «Об утверждении Концепции государственной семейной политики до 2025 года»
Постановление Правительства Российской Федерации от 26.12.2017 № 1642 «Об утверждении государственной программы Российской Федерации „Развитие образования“»
Совместный приказ Минпросвещения России и Рособрнадзора от 06.05.2019 № 590/2019 «Об утверждении Методологии и критериев оценки качества общего образования в общеобразовательных организациях на основе практики международных исследований качества подготовки обучающихся»
Приказ Минпросвещения России от 13.03.2019 № 114 «Об утверждении показателей, характеризующих общие критерии оценки качества условий осуществления образовательной деятельности»
Распоряжение Минпросвещения России от 25.12.2019 № Р-145 «Об утверждении методологии (целевой модели) наставничества обучающихся»
Приказ министерства образования, науки и молодёжной политики Краснодарского края от 13.07.2022 № 03-01/108 «Об утверждении положения о системе оценки качества подготовки обучающихся в Краснодарском крае»
Приказ министерства образования, науки и молодёжной политики Краснодарского края от 29.07.2022 № 1736 «Об утверждении системы сопровождения школ с низкими образовательными результатами и школ, функционирующих в сложных социальных условиях»
Постановление администрации МО Славянский район от 28.10.2021 № 2766 «О внесении изменения в постановление от 31.12.2014 № 3522 „Об утверждении муниципальной программы «Развитие образования»“»
Приказ управления образования от 12.09.2022 № 1494 «Об утверждении положения о муниципальной системе оценки качества образования»
Приказ управления образования от 12.09.2022 № 1495 «Об утверждении положения о системе оценки подготовки обучающихся»
Приказ управления образования от 12.09.2022 № 1496 «Об утверждении положения системы работы со школами с низкими образовательными результатами и школами, функционирующими в сложных социальных условиях, в 2022–2023 учебном году»
Приказ управления образования от 12.09.2022 № 1497 «О реализации системы работы со школами по объективности процедур оценки качества образования в 2022–2023 учебном году»
Приказ управления образования от 16.09.2022 № 1537 «О работе муниципального наставнического центра в 2022–2023 учебном году»
Приказ управления образования от 16.09.2022 № 1538 «О реализации системы работы с общеобразовательными организациями по профилактике учебной неуспешности обучающихся в 2022–2023 учебном году»
Приказ управления образования от 16.09.2022 № 1539 «О проведении оценки качества осуществления образовательной деятельности в образовательных организациях в 2022–2023 учебном году»"""

TASKS = [
    "Создать условия для функционирования обоснованной муниципальной системы оценки качества подготовки "
    "обучающихся в соответствии с требованиями ФГОС на уровнях НОО, ООО и СОО.",
    "Обеспечить адресную поддержку школ со стабильно низкими образовательными результатами на основе анализа "
    "дефицитов школы и педагогов с учётом контекста школы.",
    "Создать систему оценки эффективности выявления, поддержки и развития способностей и талантов у детей.",
    "Создать систему оценки организации сопровождения профессионального самоопределения обучающихся.",
    "Обеспечить эффективное управление общеобразовательными организациями с использованием критериев и "
    "показателей для обоснованных управленческих решений.",
    "Обеспечить целенаправленное системное методическое сопровождение педагогической деятельности и непрерывный "
    "профессиональный рост педагогов.",
    "Создать муниципальную систему мониторинга качества дошкольного образования.",
    "Принимать управленческие решения в сфере образовательной политики на муниципальном уровне.",
]
RESULTS = [
    "В образовательных организациях обеспечены условия, отвечающие современным требованиям к образовательному "
    "процессу (в том числе за счёт сетевого взаимодействия и ресурсов национального проекта «Образование»).",
    "Обеспечен комплексный мониторинг качества образования в школах с низкими результатами обучения и школах, "
    "функционирующих в неблагоприятных социальных условиях.",
    "Создана оптимальная модель поддержки ШНОР и ШНСУ с механизмами методической поддержки с учётом особенностей "
    "их функционирования.",
    "Созданы условия для наращивания педагогического и управленческого потенциала (поддержка молодых педагогов, "
    "компенсация аренды жилья, целевое обучение, «Земский учитель», педагогические классы).",
    "Созданы условия и отработан механизм развития системы воспитательной работы («Программы воспитания и "
    "социализации»).",
    "Создана система оценки эффективности выявления, поддержки и развития способностей и одарённости у детей.",
    "Функционирует муниципальная система мониторинга качества дошкольного образования.",
    "Увеличена доля школ с положительной динамикой качества образования.",
]
RISKS = [
    {"risk": "Недостаточность кадрового ресурса (старение кадров, скрытые вакансии)", "mitigation": ""},
    {
        "risk": "Недостаточность профессиональной инициативы и компетентности у отдельных управленцев и педагогов "
        "по использованию новых управленческих и образовательных технологий",
        "mitigation": "",
    },
    {
        "risk": "Неготовность отдельных управленцев и педагогов выстраивать партнёрские отношения с потенциальными "
        "партнёрами",
        "mitigation": "",
    },
]


def registry() -> tuple[str, str, list]:
    return CODE, NAME, SCHOOLS


PUPILS_2022 = 14835  # Section 1: «обучалось 14 835 школьников», 191 of them in school № 15


def enrolment_2022() -> dict[int, int]:
    """Pupils by school in 2021/2022: the document's total and school № 15; the split of the rest is the demo's."""
    known = {15: 191, 1: 900} | dict.fromkeys(OOSH, 180)
    rest = [n for n in NUMBERS if n not in known]
    return known | dict(zip(rest, _split(PUPILS_2022 - sum(known.values()), len(rest))))


def context(code: str) -> tuple:
    """2021/2022: the pupils of each school and, for the listed ones, «около 50 %» from low-income families."""
    n = int(code[len(REGION_DIGITS) :])
    return 2022, enrolment_2022()[n], 50 if n in SHNOR_2022 else ""


def users() -> list[tuple]:
    from schools.models import Role

    return [
        ("head_slavyansk", Role.HEAD, CODE, "", "Мария", "Славянская"),
        ("curator_slavyansk", Role.CURATOR, CODE, "", "Ольга", "Кубанская"),
    ]


def school_codes() -> list[str]:
    return [s[0] for s in SCHOOLS]


def weak_codes() -> set[str]:
    return {C(n) for n in SHNOR_2022}


def suspicious_codes() -> set[str]:
    return {C(11)}


def _split(total: int, parts: int) -> list[int]:
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def drops(row: list) -> bool:
    """The generated rows that would change the sums Section 1 prints: every EGE row of 2022 and profile
    mathematics of 2021 (the exact rows stand instead), OGE of 2022, and school № 15's GIA (not among the 36
    organisations with grade 9)."""
    code, procedure, subject, _grade, year = row[:5]
    if code not in CODES:
        return False
    if code == C(15) and procedure in ("ОГЭ", "ЕГЭ"):
        return True
    return (
        (procedure == "ЕГЭ" and year == 2022)
        or (procedure == "ОГЭ" and year == 2022)
        or (subject == "Математика профильная" and year == 2021)
    )


def exact_results() -> list[list]:
    """EGE 2022 (and profile mathematics 2021) so that the district's sums are Section 1's figures."""
    rows: list[list] = []
    k = len(GRADE_11)
    base = dict(zip(GRADE_11, _split(217, k)))
    # Base mathematics: one «2» (a school the document does not name), a «3» in 20 of the schools not listed
    # «без троек», the fours and fives filling the rest to 64 and 132.
    twos = {39: 1}
    threes_at = [n for n in GRADE_11 if n not in NO_GRADE_3][:20]
    fours_left = 64
    for n in GRADE_11:
        m2 = twos.get(n, 0)
        m3 = 1 if n in threes_at else 0
        rest = base[n] - m2 - m3
        m4 = min(rest, round(rest * 64 / 196 + 0.3), fours_left)
        fours_left -= m4
        rows.append([C(n), "ЕГЭ", "Математика базовая", 11, 2022, base[n], m2, m3, m4, rest - m4, "", "", "", "", m2])
    if fours_left:  # the rounding's remainder to the largest school
        last = max(rows, key=lambda r: r[9])
        last[8] += fours_left
        last[9] -= fours_left
    # Profile mathematics: 271 participants; 2021 at 57,8 everywhere, 2022 up by 5,4 in the eleven, down by 1,0 in
    # the seven: Σ(mean × n) / Σ n = 60,2 (60,198…), a change of +2,4 as printed.
    others = [n for n in GRADE_11 if n not in PROFILE_UP and n not in PROFILE_DOWN]
    profile = dict.fromkeys(PROFILE_UP, 12) | dict.fromkeys(PROFILE_DOWN, 9)
    profile |= dict(zip(others, _split(271 - sum(profile.values()), len(others))))
    high = dict.fromkeys([4, 5, 12, 19, 20, 23], 1)  # «6 выпускников … получили высокие баллы»
    for n in GRADE_11:
        mean_2022 = Decimal("57.8") + (Decimal("5.4") if n in PROFILE_UP else -1 if n in PROFILE_DOWN else 0)
        for year, mean, hi in ((2021, Decimal("57.8"), ""), (2022, mean_2022, high.get(n, 0))):
            rows.append([C(n), "ЕГЭ", "Математика профильная", 11, year, profile[n], "", "", "", "", "", "", "", "", "",
                         str(mean).replace(".", ","), hi])  # fmt: skip
    # Russian: every base and profile participant (217 + 271 = 488), one below the minimum of 24 — in СОШ № 39.
    for n in GRADE_11:
        participants = base[n] + profile[n]
        rows.append([C(n), "ЕГЭ", "Русский язык", 11, 2022, participants, "", "", "", "", "", "", "", "",
                     1 if n == 39 else 0, "74,0", ""])  # fmt: skip
    # OGE 2022: 1 313 participants in each compulsory subject over the 36 schools with grade 9, means 26,99 and 12,65
    # primary points; marks by subject are not printed, so they stay unknown.
    for subject, oge_mean in (("Русский язык", "26,99"), ("Математика", "12,65")):
        for n, participants in zip(GRADE_9, _split(1313, len(GRADE_9))):
            rows.append([C(n), "ОГЭ", subject, 9, 2022, participants, "", "", "", "", "", "", "", "", "", oge_mean, ""])
    for r in rows:
        r.extend([""] * (17 - len(r)))
    return rows


def lists(context) -> None:
    """Section 1's lists: ШНОР of the regional sample 2022 (10), post-project support until the end of 2022 (9), and
    the municipality's own «low ИОР» group of the 2020/2021 monitoring (6)."""
    rows = [[2022, C(n), "", "ШНОР"] for n in SHNOR_2022]
    rows += [[2022, C(n), "", "постпроектное сопровождение"] for n in POST_PROJECT_2022]
    rows += [[2021, C(n), "", "низкий ИОР"] for n in LOW_IOR]
    official_lists_import(rows, user=context["users"]["admin"])


def programme(context):
    from programs.services.programmes import ParticipantData, TrackData, program_save
    from schools.models import Municipality

    users = context["users"]
    program = program_save(
        user=users["admin"],
        code="slav-quality-2023",
        municipality=Municipality.objects.get(code=CODE),
        title="Муниципальная программа «Повышение качества образования в общеобразовательных организациях "
        "муниципального образования Славянский район» на 2023–2025 годы",
        order_number="114",
        period_text=PERIOD_TEXT,
        main_idea=MAIN_IDEA,
        normative_basis=NORMATIVE_BASIS,
        order_date=datetime.date(2023, 1, 10),
        period_start=datetime.date(2023, 1, 1),
        period_end=datetime.date(2025, 12, 31),
        developer="Управление образования администрации муниципального образования Славянский район",
        executors="Управление образования; МКУО «КМЦ»; МКУО «ЦОКО»; МКУ «ЦУМТБ»; образовательные организации района",
        goal="К 2025 году в общеобразовательных организациях создана система проектного управления "
        "образовательными результатами, обеспечивающая каждому ребёнку максимальную доступность и качество "
        "образования независимо от места проживания и социального статуса семьи.",
        tasks=TASKS,
        expected_results=RESULTS,
        risks=RISKS,
        tracks=[
            TrackData(1, "Школы с низкими образовательными результатами (региональная выборка 2022 г.)"),
            TrackData(2, "Школы с низким индексом образовательных результатов (ИОР)"),
        ],
        participants=[ParticipantData(C(n), y, 1) for y in (2023, 2024, 2025) for n in SHNOR_2022]
        + [ParticipantData(C(n), y, 2) for y in (2023, 2024, 2025) for n in LOW_IOR if n in NUMBERS],
    )
    plan_table_import(program, file_table("001_plan.csv"), users["head_slavyansk"])
    return program


def support_records(context) -> None:
    """Partnerships of the listed schools with effective schools (Section 3, block 3) and the curators' visits
    of indicator 12, one school year in."""
    from mentoring.models import CuratorAssignment, CuratorVisit, Partnership
    from schools.models import School

    schools = {s.code: s for s in School.objects.filter(municipality__code=CODE)}
    partners = [4, 19, 20, 23, 48, 56, 10, 12, 28, 29]  # schools whose results rose in 2022 (Section 1)
    Partnership.objects.bulk_create(
        [
            Partnership(
                school=schools[C(n)],
                partner=schools[C(p)],
                agreement_number=f"{n}-П",
                agreement_date=datetime.date(2023, 2, 1),
                start=datetime.date(2023, 2, 1),
                end=datetime.date(2025, 12, 31),
                form=Partnership.Form.NETWORK,
                joint_plan="Обмен опытом администрации и педагогов, взаимопосещение уроков с обсуждениями, "
                "преподавание в классах школ-партнёров.",
            )
            for n, p in zip(SHNOR_2022, partners)
        ]
    )
    # «Закрепление за ОО кураторов из числа управленцев» (Section 3, block 2): one curator for the listed schools.
    curator = context["users"]["curator_slavyansk"]
    visited = SHNOR_2022 + [n for n in LOW_IOR if n in NUMBERS]
    CuratorAssignment.objects.bulk_create(
        [CuratorAssignment(curator=curator, school=schools[C(n)], start=datetime.date(2023, 1, 16)) for n in visited]
    )
    CuratorVisit.objects.bulk_create(
        [
            CuratorVisit(
                curator=curator,
                school=schools[C(n)],
                date=datetime.date(2023, 2, 6) + datetime.timedelta(days=3 * k),
                lessons_observed=4,
                findings="Выезд в проблемное ОУ: анализ учебно-воспитательного процесса и управленческой деятельности.",
                recommendations="Определён круг задач школы; техническое задание на школьную программу.",
            )
            for k, n in enumerate(visited)
        ]
    )


def indicators(context) -> None:
    from programs.indicators import services as svc
    from programs.models import Program

    from .indicators import new

    user = context["users"]["head_slavyansk"]
    program = Program.objects.get(code="slav-quality-2023")
    computed = {
        "3": dict(
            code="oge_below_min_share",
            direction="lower",
            comparator="le",
            measure="result_share",
            params={"figure": "share_2", "procedures": ["OGE"], "subjects": ["russian", "math"]},
            note="Показатель 3: по предметам (по обучающимся по агрегатам не считается). Расхождение в разделе 1: "
            "средний балл ОГЭ по русскому языку вырос с 25,6 до 26,99 — на 1,39, а не на 1,36, как написано.",
        ),
        "7": dict(
            code="vpr_objectivity_share",
            measure="result_share",
            params={"figure": "objectivity", "procedures": ["VPR"]},
            note="Показатель 7.",
        ),
        "9": dict(
            code="network_schools_share",
            comparator="eq",
            measure="partnership_share",
            params={"schools": "all"},
            note="Показатель 9.",
        ),
        "12": dict(
            code="tutor_support_share",
            comparator="eq",
            measure="method_work_share",
            params={"schools": "all"},
            note="Показатель 12: визиты кураторов и методические мероприятия.",
        ),
    }
    manual_codes = {
        "1": "satisfaction",
        "2": "environment_standards",
        "4": "gia9_no_fail_share",
        "5": "attestat_share",
        "6": "medalists_confirmed",
        "8": "functional_literacy",
        "10": "pupils_mentoring",
        "11": "deficits_system",
        "13": "teachers_communities",
        "14": "teachers_overload",
        "15": "risk_children_system",
        "16": "programs_published",
        "17": "additional_education_dynamics",
        "18": "olympiads_share",
        "19": "career_lessons",
        "20": "preschool_quality",
    }
    comparators = {">=": "ge", "<=": "le", "=": "eq", "decrease by >=": "le"}
    # The document's arithmetic errors (001_arithmetic_checks.csv) beside the indicators whose figures they concern.
    flags = {
        "4": " Расхождения раздела 1 (ГИА-9 2022 г.): 1 055 из 1 363 — это 77,4 %, а не 77,3 %; 72 аттестата с "
        "отличием — это не 6,1 % ни от одного из названных чисел (72 из 1 055 — 6,82 %, из 1 363 — 5,28 %); "
        "243 + 38 + 11 = 292 обучающихся с «2», а не сдавших с первого раза 1 363 − 1 055 = 308; 351 пересдававших "
        "в резервные дни больше 281 обучающегося с одной-двумя «2»; 1 055 + 332 = 1 387 больше 1 363 участников.",
        "5": " Расхождение раздела 1 (ЕГЭ 2022 г., базовая математика): «138 человек справились на „4“ и „5“», а "
        "по распределению 132 + 64 = 196 (90,3 % из 217).",
        "6": " Раздел 1: доля медалистов 12,9 % (в 2021 г. — 12,5 %), 34 % из них не подтвердили результаты.",
    }
    made = {}
    for r in csv_rows("001_indicators.csv"):
        spec = dict(computed[r["id"]]) if r["id"] in computed else {"code": manual_codes[r["id"]]}
        code = spec.pop("code")
        decrease = r["comparator"] == "decrease by >="
        spec.setdefault("comparator", comparators[r["comparator"]])
        spec.setdefault("direction", "lower" if decrease else "higher")
        note = spec.pop("note", "") or (
            "Данных для расчёта в портале нет — значение вносится вручную с подтверждением."
            + (" Снижение «не менее чем на 5»: п. п. или относительно — уточняется при вводе." if decrease else "")
        )
        made[r["id"]] = new(
            user,
            program,
            code,
            r["name_ru"],
            targets={} if decrease else {"2025": Decimal(r["target_value"])},
            note=f"Показатель {r['id']} программы; цель — на 2025 г. {note}{flags.get(r['id'], '')}".strip(),
            **spec,
        )
    # Indicator 4's 2022 figure: the portal computes it from the document's counts, and the document's «77,3 %»
    # stands beside it (1 055 / 1 363 = 77,40 %; 77,3 % only with 1 364).
    svc.indicator_manual_value_set(
        indicator=made["4"],
        year=2022,
        value=None,
        numerator=1055,
        denominator=1363,
        user=user,
        evidence="Раздел 1: 1 055 из 1 363 выпускников 9 классов успешно сдали экзамены с первого раза. В "
        "документе — 77,3 %; по его же числам 77,4 % (77,3 % получается только при 1 364).",
    )
    svc.indicator_manual_value_set(
        indicator=made["6"],
        year=2022,
        value="66",
        user=user,
        evidence="Раздел 1: 34 % медалистов не подтвердили результаты — подтвердили 66 %.",
    )
    svc.indicator_manual_value_set(
        indicator=made["1"],
        year=2025,
        value="83.4",
        user=user,
        evidence="Опрос участников образовательных отношений (Яндекс Формы), 1 204 ответа",
        evidence_url="https://example.org/slav/opros-2025",
    )


def district_table():
    """Section 1's district figures as the department prints them (contract 1.2, «Уровень» = муниципалитет): shown
    beside the portal's sums of the schools' rows, with the difference."""
    headers = ["Уровень", "Код муниципалитета", "Процедура", "Предмет", "Класс", "Год", "Участников", "«2»", "«3»",
               "«4»", "«5»", "Ниже минимума", "Освоение, %", "Средний балл", "Высокие баллы"]  # fmt: skip
    m = ["муниципалитет", CODE]
    rows = [
        [*m, "ЕГЭ", "Русский язык", 11, 2022, 488, "", "", "", "", 1, "99,8", "74", ""],
        [*m, "ЕГЭ", "Математика базовая", 11, 2022, 217, 1, 20, 64, 132, 1, "", "4,5", ""],
        [*m, "ЕГЭ", "Математика профильная", 11, 2022, 271, "", "", "", "", "", "", "60,2", 6],
        [*m, "ЕГЭ", "Математика профильная", 11, 2021, "", "", "", "", "", "", "", "57,8", ""],
        [*m, "ОГЭ", "Русский язык", 9, 2022, 1313, "", "", "", "", "", "", "26,99", ""],
        [*m, "ОГЭ", "Русский язык", 9, 2021, "", "", "", "", "", "", "", "25,6", ""],
        [*m, "ОГЭ", "Математика", 9, 2022, 1313, "", "", "", "", "", "", "12,65", ""],
        [*m, "ОГЭ", "Математика", 9, 2021, "", "", "", "", "", "", "", "12,38", ""],
    ]
    return table(headers, rows)


def territory(context) -> None:
    from .common import results_table_import

    results_table_import(district_table(), user=context["users"]["admin"])
