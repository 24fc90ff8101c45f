"""Seed 003: Новгородский муниципальный район (Новгородская область), муниципальная программа «Повышение качества
образования в общеобразовательных организациях …» на 2021–2022 годы.

As the document has it: 15 schools, 9 of them with grades 10–11; the list of schools with low results of 2020
(Бронницкая СОШ, Трубичинская основная школа; none in 2019) through the official-list import; the plan with its
Section III (11 management measures) and Section V (23 activities) through the plan import; the indicators of the
passport and of Section VI; the OGE 2019 figures the analysis prints (2,9 % of pupils below the minimum in
mathematics, 1 % in Russian; Борковская and Трубичинская above 7 % in mathematics; Борковская, Григоровская and
Подберезская above 1 % in Russian) as school rows whose sums are those figures; the agreements of the two listed
schools with hub schools (September 2021); the Russian-language and mathematics teachers of 2020 (32, 21 with a
category; 22, 10 with a category).
"""

from __future__ import annotations

import datetime

from .common import csv_rows, each, file_table, official_lists_import, plan_table_import, table

CODE = "NOVG"
NAME = "Новгородский муниципальный район"
REGION_DIGITS = "5309"

# Nine with upper secondary (СОШ and the two «школы» of grades 1–11), six without.
_SCHOOLS = [
    ("bronnitsa", "МАОУ «Бронницкая СОШ»", "СОШ", "с. Бронница", "", "Бронницкая школа"),
    ("trubichino", "МАОУ «Трубичинская основная школа»", "ООШ", "д. Трубичино", "", "Трубичинская ОШ"),
    ("borki", "МАОУ «Борковская СОШ»", "СОШ", "д. Борки", "", "Борковская школа"),
    ("grigorovo", "МАОУ «Григоровская СОШ»", "СОШ", "д. Григорово", "", ""),
    ("podberezye", "МАОУ «Подберезская СОШ»", "СОШ", "д. Подберезье", "", ""),
    ("pankovka", "МАОУ «Панковская СОШ»", "СОШ", "р.п. Панковка", "", "Панковская школа"),
    ("proletariy", "МАОУ «Пролетарская СОШ»", "СОШ", "р.п. Пролетарий", "", ""),
    ("ermolino", "МАОУ «Ермолинская ООШ»", "ООШ", "д. Ермолино", "", "Ермолинская основная школа"),
    ("novoselitsy", "МАОУ «Новоселицкая школа»", "СОШ", "д. Новоселицы", "", "Новоселицкая СОШ"),
    ("syrkovo", "МАОУ «Сырковская школа»", "СОШ", "д. Сырково", "", "Сырковская СОШ"),
    ("chechulino", "МАОУ «Чечулинская СОШ»", "СОШ", "д. Чечулино", "", ""),
    ("rakoma", "МАОУ «Ракомская ООШ»", "ООШ", "д. Ракомо", "", ""),
    ("savino", "МАОУ «Савинская ООШ»", "ООШ", "д. Савино", "", ""),
    ("lesnaya", "МАОУ «Лесновская ООШ»", "ООШ", "п. Лесной", "", ""),
    ("tesovo", "Филиал МАОУ «Бронницкая СОШ» в д. Тёсово", "филиал", "д. Тёсово", "bronnitsa", ""),
]
C = {key: f"{REGION_DIGITS}{n:02d}" for n, (key, *_rest) in enumerate(_SCHOOLS, start=1)}
SCHOOLS = [(C[k], short, t, settlement, C[p] if p else "", aliases) for k, short, t, settlement, p, aliases in _SCHOOLS]
LOW_2020 = ["bronnitsa", "trubichino"]
# Pupils of 2019/2020 by school: 4 024 in all, as Section II prints (1 857 + 1 998 + 169); the split is the demo's.
ENROLMENT_2020 = dict(
    zip(
        [k for k, _s, t, *_r in _SCHOOLS if t == "СОШ"] + [k for k, _s, t, *_r in _SCHOOLS if t == "ООШ"] + ["tesovo"],
        [520, 430, 400, 380, 390, 350, 340, 330, 280, 120, 110, 110, 105, 105, 54],
    )
)
# Section II: teachers of pension age are 56 % of mathematics teachers and 44 % of Russian ones. 14 of 32 is 43,75 %;
# 56 % of 22 is no whole number of teachers (12 are 54,5 %, 13 are 59,1 %) — the demo keeps 12.
PENSION_AGE = {"Русский язык и литература": 14, "Математика": 12}
HUBS = {"bronnitsa": "proletariy", "trubichino": "pankovka"}  # agreements with hub schools, item 4.2 (Sept 2021)

BLOCKS = {
    "1": "Организационно-управленческие мероприятия",
    "2": "Развитие кадрового потенциала руководящих и педагогических работников",
    "3": "Выравнивание возможностей доступа обучающихся к современным условиям обучения",
    "4": "Развитие сетевого взаимодействия и партнёрства",
}
# Section III's four blocks, as the document titles them.
MEASURE_BLOCKS = {
    "1": "Разработать систему муниципального мониторинга для выявления динамики изменений и проведения своевременной "
    "корректировки",
    "2": "Организация партнерства школ с высокими результатами обучения и школ с низкими результатами с целью "
    "повышения качества образования",
    "3": "Создать условия для обеспечения методического сопровождения программ улучшения образовательных "
    "результатов, для профессионального развития педагогов",
    "4": "Создание на школьном уровне среды, поддерживающей обучение и создающей возможности для индивидуализации "
    "подходов к преподаванию",
}
PERIOD_TEXT = "2021–2022 гг."

TASKS = [
    "Разработать комплекс мер, направленных на совершенствование системы повышения качества образования в "
    "общеобразовательных организациях района на 2021–2022 годы.",
    "Обеспечить сетевое взаимодействие школ.",
    "Проанализировать состояние качества образования по результатам мониторинговых исследований.",
    "Определить направления муниципальной программы повышения качества образования.",
    "Развивать профессионализм педагогов: выявлять педагогов, показывающих низкие результаты, их "
    "профессиональные дефициты, и строить индивидуальные программы повышения квалификации.",
    "Усилить районные и школьные методические объединения учителей русского языка и математики (5–11 классы) и "
    "учителей начальных классов для подготовки к независимой оценке и ГИА.",
    "Создать сообщество школ, объединяющих ресурсы, и сетевое партнёрство школ.",
]
RESULTS = [
    "Доля школ с низкими результатами обучения снижена до 6,3 %.",
    "Привлечены высококвалифицированные кадры и молодые специалисты.",
    "Условия обучения в школах соответствуют современным требованиям, в том числе в части сохранения здоровья "
    "обучающихся.",
    "Обновлены образовательные технологии: новые информационные сервисы и электронные ресурсы нового поколения.",
    "Повышена общая тенденция средних муниципальных результатов ВПР, ОГЭ и ЕГЭ.",
]
RISKS = [
    {
        "risk": "Педагоги используют неэффективные педагогические технологии; недостаточна дополнительная работа со "
        "слабоуспевающими обучающимися",
        "mitigation": "Курсы, семинары и мастер-классы на базе опорных школ; индивидуальные образовательные маршруты",
    },
    {
        "risk": "Необъективное оценивание обучающихся; слабый контроль администрации за уроками",
        "mitigation": "Муниципальный внешний контроль; посещение и анализ уроков сетевыми консультантами",
    },
    {
        "risk": "Старение кадров (33,7 % учителей старше 55 лет), высокая нагрузка учителей математики (более 30 ч)",
        "mitigation": "Районная школа «Молодой учитель», стажировки, индивидуальные планы профессионального развития",
    },
    {
        "risk": "Удалённость от районного центра и объектов культуры; 9–40 % обучающихся с ОВЗ в школах с менее "
        "благоприятными условиями",
        "mitigation": "Сетевое взаимодействие, дистанционные программы опорных школ, «Точка роста»",
    },
]

# OGE 2019 (grade 9): (participants, «2») per school in mathematics and Russian. District sums: mathematics 9 of 310
# = 2,9 %, Russian 3 of 300 = 1,0 % — the document's figures; the schools above its thresholds are the ones it names.
OGE_2019 = {
    "bronnitsa": ((40, 1), (39, 0)),
    "trubichino": ((20, 2), (19, 0)),
    "borki": ((30, 3), (29, 1)),
    "grigorovo": ((22, 0), (21, 1)),
    "podberezye": ((26, 1), (25, 1)),
    "pankovka": ((34, 1), (33, 0)),
    "proletariy": ((33, 1), (32, 0)),
    "ermolino": ((12, 0), (11, 0)),
    "novoselitsy": ((18, 0), (17, 0)),
    "syrkovo": ((16, 0), (16, 0)),
    "chechulino": ((25, 0), (25, 0)),
    "rakoma": ((12, 0), (12, 0)),
    "savino": ((11, 0), (11, 0)),
    "lesnaya": ((11, 0), (10, 0)),
}
OGE_2019_DISTRICT = {"math": ("9", "310", "2.9"), "russian": ("3", "300", "1.0")}


# The document's own inconsistencies (digest 003, 003_district_figures.csv), remarked on the plan items they concern.
REMARKS = {
    "3.4": "Расхождение в документе: по разделу II к «Точке роста» в 2021 г. присоединяются Бронницкая, "
    "Новоселицкая и Сырковская школы, здесь — Бронницкая, Новоселицкая и Трубичинская.",
    "3.6": "В документе планируемый результат этого мероприятия не указан.",
}


def registry() -> tuple[str, str, list]:
    return CODE, NAME, SCHOOLS


def context(code: str) -> tuple:
    key = next(k for k, c in C.items() if c == code)
    return 2020, ENROLMENT_2020[key], ""


def users() -> list[tuple]:
    from schools.models import Role

    return [("head_novgorod", Role.HEAD, CODE, "", "Андрей", "Новгородов")]


def school_codes() -> list[str]:
    return [s[0] for s in SCHOOLS]


def weak_codes() -> set[str]:
    return {C[k] for k in LOW_2020}


def suspicious_codes() -> set[str]:
    return set()


def drops(row: list) -> bool:
    """Whether a generated row gives way to the document (none here: the exact rows replace their own keys)."""
    return False


def exact_results() -> list[list]:
    rows = []
    for key, ((math_n, math_2), (rus_n, rus_2)) in OGE_2019.items():
        for subject, n, fails in (("Математика", math_n, math_2), ("Русский язык", rus_n, rus_2)):
            threes = round((n - fails) * 0.45)
            fours = round((n - fails) * 0.4)
            fives = n - fails - threes - fours
            rows.append(
                [C[key], "ОГЭ", subject, 9, 2019, n, fails, threes, fours, fives, "", "", "", "", fails, "", ""]
            )
    return rows


def lists(context) -> None:
    official_lists_import([[2020, C[k], "", "ШНОР"] for k in LOW_2020], user=context["users"]["admin"])


def _management_measures():
    """Section III as a methodologist pastes it: its own numbering kept, prefixed by the section."""
    rows = [
        [
            f"III.{r['id']}",
            f"Раздел III. {MEASURE_BLOCKS[r['id'].split('.')[0]]}",
            r["measure_ru"],
            r["timing_ru"],
            "Комитет образования, Отдел методического сопровождения Центра ОМСО",
            r["expected_result_ru"],
        ]
        for r in csv_rows("003_management_measures.csv")
    ]
    return table(["№", "Раздел", "Мероприятие", "Сроки", "Ответственные", "Ожидаемый результат"], rows)


def programme(context):
    from programs.services.programmes import ParticipantData, program_save
    from schools.models import Municipality

    from .support import plan_remarks, plan_states

    users = context["users"]
    head = users["head_novgorod"]
    program = program_save(
        user=users["admin"],
        code="novg-quality-2021",
        municipality=Municipality.objects.get(code=CODE),
        title="Программа «Повышение качества образования в общеобразовательных организациях Новгородского "
        "муниципального района» на 2021–2022 годы",
        period_text=PERIOD_TEXT,
        period_start=datetime.date(2021, 1, 1),
        period_end=datetime.date(2022, 12, 31),
        developer="Комитет образования Администрации Новгородского муниципального района; Отдел методического "
        "сопровождения образовательных учреждений МБУ «Центр ОМСО»",
        executors="Комитет образования; Отдел методического сопровождения МБУ «Центр ОМСО»; общеобразовательные "
        "организации",
        goal="Повысить качество образования в муниципальных общеобразовательных организациях.",
        tasks=TASKS,
        expected_results=RESULTS,
        risks=RISKS,
        block_titles=BLOCKS,
        participants=[ParticipantData(C[k], year) for year in (2021, 2022) for k in LOW_2020],
    )
    plan_table_import(program, _management_measures(), head)
    plan_table_import(program, file_table("003_activity_plan.csv"), head)
    plan_remarks(program, head, REMARKS)
    plan_states(program, head, today=context["today"])
    return program


def support_records(context) -> None:
    from mentoring.models import Partnership, PDCourse, Teacher
    from schools.models import School

    from .support import person_name

    schools = {s.code: s for s in School.objects.filter(municipality__code=CODE)}
    Partnership.objects.bulk_create(
        [
            Partnership(
                school=schools[C[low]],
                partner=schools[C[hub]],
                agreement_number=f"{n}/21",
                agreement_date=datetime.date(2021, 9, 1),
                start=datetime.date(2021, 9, 1),
                end=datetime.date(2022, 12, 31),
                form=Partnership.Form.NETWORK,
                joint_plan="Обмен опытом, взаимопосещение уроков, стажировки (п. 2.2 раздела III и п. 4.2 "
                "раздела V программы).",
            )
            for n, (low, hub) in enumerate(HUBS.items(), start=1)
        ]
    )
    # The teachers of Russian and mathematics of 2020 (003_teachers_rus_math_2020.csv), spread over the schools.
    keys = [k for k, *_ in _SCHOOLS if k != "tesovo"]
    teachers = []
    for r in csv_rows("003_teachers_rus_math_2020.csv"):
        subject = "Русский язык и литература" if r["subject"].startswith("russian") else "Математика"
        total, with_category = int(r["teachers_count"]), int(r["qualified_category_count"])
        for i in range(total):
            category = ("highest" if i % 2 else "first") if i < with_category else ("conformity" if i % 3 else "none")
            teachers.append(
                Teacher(
                    school=schools[C[keys[i % len(keys)]]],
                    full_name=person_name(i + (0 if subject == "Математика" else 100)),
                    subject=subject,
                    category=category,
                    experience_band="gt20" if i % 3 != 1 else "10_20",
                    pension_age=i >= total - PENSION_AGE[subject],
                    age_band="gt55" if i >= total - PENSION_AGE[subject] else ("lt35" if i % 5 == 0 else "35_55"),
                    education="higher_ped" if i % 8 else "secondary_voc",
                )
            )
    Teacher.objects.bulk_create(teachers)
    # «Охват курсовой подготовкой на начало 2020 года — 100 %»: the courses of every one of them, mostly remote.
    PDCourse.objects.bulk_create(
        [
            PDCourse(
                teacher=t,
                title="Современные педагогические технологии в преподавании предмета",
                provider="РИПР (Региональный институт профессионального развития)",
                hours=36,
                form="distance" if i % 4 else "blended",
                start=datetime.date(2019, 12, 2),
                end=datetime.date(2020, 1, 24),
                completed=True,
            )
            for i, t in enumerate(teachers)
        ]
    )


def indicators(context) -> None:
    from programs.indicators import services as svc
    from programs.models import Program

    from .indicators import new, preset

    user = context["users"]["head_novgorod"]
    program = Program.objects.get(code="novg-quality-2021")
    years = program.years  # 2021–2022
    preset(
        user,
        program,
        "below_min_share",
        targets=each(years, 5),
        baseline_year=2019,
        note="Паспорт программы: ВПР, ОГЭ, ЕГЭ по русскому языку и математике, не более 5 %. Базовые значения "
        "документа — ОГЭ 2019 г.: 2,9 % по математике, 1 % по русскому языку.",
    )
    preset(
        user,
        program,
        "teachers_pd_share",
        params={"schools": "all"},
        comparator="eq",
        targets=each(years, 100),
        baseline_year=2020,
        name="Доля педагогов, прошедших повышение квалификации по современным педагогическим технологиям",
        note="Все педагоги района (397 в 2020/21 учебном году). На начало 2020 г. охват курсовой подготовкой — 100 %.",
    )
    shnor = preset(
        user,
        program,
        "shnor_share",
        targets={"2022": 6.3},
        baseline_year=2020,
        baseline_value="13.33",
        note="Ожидаемый результат программы: 13,33 % (2 из 15) в 2020 г., к 2022 г. — 6,3 %. Расхождение в "
        "документе: при 15 ОО одна школа — это 6,67 %; 6,3 % соответствует примерно 16 ОО (1 из 16 — 6,25 %).",
    )
    svc.indicator_fact_record(
        user=user,
        indicator=shnor,
        year=2020,
        value="13.33",
        evidence="Раздел II программы: в 2020 г. Рособрнадзор включил в перечень 2 школы района из 15.",
    )
    new(
        user,
        program,
        "low_results_gia_success",
        "Доля обучающихся в школах с низкими результатами, успешно прошедших ГИА",
        measure="result_share",
        params={"figure": "success", "procedures": ["OGE", "EGE"], "schools": "shnor"},
        note="Целевой показатель раздела VI: значение в документе не задано.",
    )
    new(
        user,
        program,
        "conditions_ensured",
        "Доля школ с низкими результатами обучения, в которых обеспечены "
        "условия для получения качественного общего образования, в том числе с использованием ДОТ",
        note="Целевой показатель раздела VI: значение в документе не задано; вносится вручную.",
    )
    new(
        user,
        program,
        "oge_math_below_min",
        "Доля обучающихся, получивших на ОГЭ по математике результат ниже минимального порога",
        direction="lower",
        comparator="le",
        measure="result_share",
        params={"figure": "share_2", "procedures": ["OGE"], "subjects": ["math"]},
        baseline_year=2019,
        baseline_value="2.9",
        note="Раздел II: в 2019 г. — 2,9 % (ОГЭ, математика).",
    )
    new(
        user,
        program,
        "oge_russian_below_min",
        "Доля обучающихся, получивших на ОГЭ по русскому языку результат ниже минимального порога",
        direction="lower",
        comparator="le",
        measure="result_share",
        params={"figure": "share_2", "procedures": ["OGE"], "subjects": ["russian"]},
        baseline_year=2019,
        baseline_value="1",
        note="Раздел II: в 2019 г. — 1 % (ОГЭ, русский язык).",
    )


VPR_SUBJECTS = {
    "mathematics": "Математика",
    "russian_language": "Русский язык",
    "world_around_us": "Окружающий мир",
    "biology": "Биология",
    "history": "История",
    "geography": "География",
    "social_studies": "Обществознание",
    "physics": "Физика",
    "chemistry": "Химия",
    "english": "Английский язык",
    "german": "Немецкий язык",
}


def vpr_2020_district_table():
    """Section II's VPR 2020 table as the committee prints it: the district only, shares (counts for grades 10–11),
    with the number liable to write each work — a whole-municipality table (contract 1.2, «Уровень»)."""
    headers = [
        "Уровень",
        "Код муниципалитета",
        "Процедура",
        "Предмет",
        "Класс",
        "Год",
        "Всего обучающихся в ОО района, подлежащих участию в ВПР",
        "Участников",
        "% участия",
        "Подтвердили и улучшили школьную оценку, %",
        "Понизили результат школьной оценки, %",
        "Не справились с работой, %",
    ]
    rows = []
    for r in csv_rows("003_vpr_2020_district.csv"):
        shares = r["confirmed_lowered_unit"] == "pct"
        rows.append(
            [
                "муниципалитет",
                CODE,
                "ВПР",
                VPR_SUBJECTS[r["subject"]],
                r["grade"],
                2020,
                r["students_eligible"],
                r["participants"],
                r["participation_pct"],
                r["confirmed_or_improved"].replace(".", ",") if shares else "",
                r["lowered"].replace(".", ",") if shares else "",
                r["failed_pct"].replace(".", ","),
            ]
        )
    return table(headers, rows)


# Section II's staffing of 2020/2021 (003_district_figures.csv), where names are not kept, and what the document
# prints for its shares: four of them do not follow from its own counts.
STAFFING_2021 = dict(
    pedagogical_staff=397,
    teachers_total=268,
    higher_education=235,
    under_35=55,
    over_55=81,
    qualified_category=143,
    experience_over_20=181,
)
STAFFING_NOTE = (
    "Программа, раздел II (2020/2021). В документе: до 35 лет — 20,37 % (это 55 из 270, а не из 268), высшее "
    "образование — 97 % (по числам 87,7 %), высшая или первая категория — 50,96 % (по числам 53,4 %), старше 55 лет "
    "— 33,7 % (по числам 30,2 %)."
)


def staffing(context) -> None:
    from mentoring.services.staffing import staffing_save
    from schools.models import Municipality

    subjects = [
        {
            "subject": "Русский язык и литература" if r["subject"].startswith("russian") else "Математика",
            "teachers": int(r["teachers_count"]),
            "qualified_category": int(r["qualified_category_count"]),
            "pension_age": PENSION_AGE[
                "Русский язык и литература" if r["subject"].startswith("russian") else "Математика"
            ],
            "pd_completed": int(r["teachers_count"]),
        }
        for r in csv_rows("003_teachers_rus_math_2020.csv")
    ]
    staffing_save(
        year=2021,
        municipality=Municipality.objects.get(code=CODE),
        subjects=subjects,
        user=context["users"]["admin"],
        source=STAFFING_NOTE[:300],
        teachers_total=STAFFING_2021["teachers_total"],
        pedagogical_staff=STAFFING_2021["pedagogical_staff"],
        higher_education=STAFFING_2021["higher_education"],
        under_35=STAFFING_2021["under_35"],
        over_55=STAFFING_2021["over_55"],
        qualified_category=STAFFING_2021["qualified_category"],
        experience_over_20=STAFFING_2021["experience_over_20"],
    )


def territory(context) -> None:
    from .common import results_table_import

    results_table_import(vpr_2020_district_table(), user=context["users"]["admin"])
