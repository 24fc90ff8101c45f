"""The demo registry: three municipalities of the seeds' sizes, loaded through the registry import itself."""

from core.tables import Table
from schools.models import School, SchoolStatus
from schools.services import registry_import

REGION = "Демонстрационный регион"

# Lazo district (seed 004): its ten ШНОР schools as the document names them, and the district's other schools.
LAZO = (
    "LAZO",
    "Муниципальный район имени Лазо",
    [
        (
            "pereyaslavka_1",
            "МБОУ СОШ № 1 р.п. Переяславка",
            "СОШ",
            "р.п. Переяславка",
            "",
            "СОШ № 1 Переяславка;Переяславка № 1",
        ),
        ("grodekovo", "МБОУ ООШ с. Гродеково", "ООШ", "с. Гродеково", "", "ООШ Гродеково"),
        ("mukhen", "МБОУ СОШ р.п. Мухен", "СОШ", "р.п. Мухен", "", "СОШ Мухен"),
        ("sokolovka", "МБОУ СОШ с. Соколовка", "СОШ", "с. Соколовка", "", "СОШ Соколовка"),
        ("gvasyugi", "МБОУ СОШ с. Гвасюги", "СОШ", "с. Гвасюги", "", "СОШ Гвасюги"),
        ("svyatogorye", "МБОУ СОШ с. Святогорье", "СОШ", "с. Святогорье", "", "СОШ Святогорье"),
        ("durmin", "МБОУ СОШ п. Дурмин", "СОШ", "п. Дурмин", "", "СОШ Дурмин"),
        ("sukpay", "МБОУ СОШ п. Сукпай", "СОШ", "п. Сукпай", "", "СОШ Сукпай"),
        ("novostroyka", "МБОУ СОШ им. А.В. Суворова с. Новостройка", "СОШ", "с. Новостройка", "", "СОШ Новостройка"),
        ("khor_2", "МБОУ СОШ № 2 р.п. Хор", "СОШ", "р.п. Хор", "", "СОШ № 2 Хор;Хор № 2"),
        ("pereyaslavka_2", "МБОУ СОШ № 2 р.п. Переяславка", "СОШ", "р.п. Переяславка", "", "Переяславка № 2"),
        ("khor_3", "МБОУ СОШ № 3 р.п. Хор", "СОШ", "р.п. Хор", "", "Хор № 3"),
        ("khor_1", "МБОУ СОШ № 1 р.п. Хор", "СОШ", "р.п. Хор", "", "Хор № 1"),
        ("bichevaya", "МБОУ СОШ с. Бичевая", "СОШ", "с. Бичевая", "", ""),
        ("mogilevka", "МБОУ СОШ с. Могилевка", "СОШ", "с. Могилевка", "", ""),
        ("kondratyevka", "МБОУ СОШ с. Кондратьевка", "СОШ", "с. Кондратьевка", "", ""),
        ("poletnoe", "МБОУ СОШ с. Полётное", "СОШ", "с. Полётное", "", "СОШ Полетное"),
        ("zolotoy", "МБОУ ООШ п. Золотой", "ООШ", "п. Золотой", "", ""),
        ("ekaterinoslavka", "МБОУ СОШ с. Екатеринославка", "СОШ", "с. Екатеринославка", "", ""),
        ("chernyaevo", "МБОУ СОШ с. Черняево", "СОШ", "с. Черняево", "", ""),
        ("srednekhorsky", "МБОУ СОШ п. Среднехорский", "СОШ", "п. Среднехорский", "", ""),
        ("kruglikovo", "МБОУ СОШ с. Кругликово", "СОШ", "с. Кругликово", "", ""),
        ("obor", "МБОУ СОШ п. Обор", "СОШ", "п. Обор", "", ""),
        ("khaka", "МБОУ НОШ с. Хака", "НОШ", "с. Хака", "", ""),
        ("georgievka", "МБОУ ООШ с. Георгиевка", "ООШ", "с. Георгиевка", "", ""),
        ("vladimirovka", "МБОУ СОШ с. Владимировка", "СОШ", "с. Владимировка", "", ""),
        (
            "pereyaslavka_v",
            "МБОУ В(С)ОШ р.п. Переяславка",
            "вечерняя",
            "р.п. Переяславка",
            "",
            "вечерняя школа Переяславка",
        ),
        ("marusino", "Филиал МБОУ СОШ с. Кругликово в с. Марусино", "филиал", "с. Марусино", "kruglikovo", ""),
        ("boytsovo", "Филиал МБОУ СОШ с. Могилевка в с. Бойцово", "филиал", "с. Бойцово", "mogilevka", ""),
    ],
)

# Novgorod district (seed 003): the fifteen schools of the programme.
NOVGOROD = (
    "NOVG",
    "Новгородский муниципальный район",
    [
        ("bronnitsa", "МАОУ «Бронницкая СОШ»", "СОШ", "с. Бронница", "", "Бронницкая школа"),
        ("trubichino", "МАОУ «Трубичинская основная школа»", "ООШ", "д. Трубичино", "", "Трубичинская ООШ"),
        ("borki", "МАОУ «Борковская СОШ»", "СОШ", "д. Борки", "", "Борковская школа"),
        ("grigorovo", "МАОУ «Григоровская СОШ»", "СОШ", "д. Григорово", "", ""),
        ("podberezye", "МАОУ «Подберезская СОШ»", "СОШ", "д. Подберезье", "", ""),
        ("pankovka", "МАОУ «Панковская СОШ»", "СОШ", "р.п. Панковка", "", "Панковская школа"),
        ("proletariy", "МАОУ «Пролетарская СОШ»", "СОШ", "р.п. Пролетарий", "", ""),
        ("ermolino", "МАОУ «Ермолинская ООШ»", "ООШ", "д. Ермолино", "", "Ермолинская ООШ"),
        ("novoselitsy", "МАОУ «Новоселицкая школа»", "СОШ", "д. Новоселицы", "", "Новоселицкая школа"),
        ("syrkovo", "МАОУ «Сырковская школа»", "СОШ", "д. Сырково", "", "Сырковская школа"),
        ("chechulino", "МАОУ «Чечулинская СОШ»", "СОШ", "д. Чечулино", "", ""),
        ("rakoma", "МАОУ «Ракомская СОШ»", "СОШ", "д. Ракомо", "", ""),
        ("savino", "МАОУ «Савинская СОШ»", "СОШ", "д. Савино", "", ""),
        ("lesnaya", "МАОУ «Лесновская ООШ»", "ООШ", "п. Лесной", "", ""),
        ("tesovo", "Филиал МАОУ «Бронницкая СОШ» в д. Тёсово", "филиал", "д. Тёсово", "bronnitsa", ""),
    ],
)


# Slavyansky district (seed 001): schools known by their numbers, as the programme lists them.
_SLAV_OOSH = {7, 8, 11, 21, 22, 49, 50, 52}
_SLAV_NUMBERS = [
    1,
    2,
    3,
    4,
    5,
    6,
    7,
    8,
    9,
    10,
    11,
    12,
    13,
    14,
    15,
    16,
    17,
    18,
    19,
    20,
    21,
    22,
    23,
    24,
    25,
    39,
    43,
    48,
    49,
    50,
    51,
    52,
    55,
    56,
    57,
]
_STATIONS = [
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


def _slavyansk() -> tuple:
    rows = []
    for number in _SLAV_NUMBERS:
        school_type = (
            "ООШ" if number in _SLAV_OOSH else "лицей" if number == 1 else "гимназия" if number == 2 else "СОШ"
        )
        rows.append(
            (
                f"slav_{number}",
                f"МБОУ {school_type} № {number}",
                school_type,
                _STATIONS[number % len(_STATIONS)],
                "",
                f"{school_type} № {number};школа № {number}",
            )
        )
    rows.append(("slav_5f", "Филиал МБОУ СОШ № 5 в х. Маркитанский", "филиал", "х. Маркитанский", "slav_5", ""))
    rows.append(("slav_3f", "Филиал МБОУ СОШ № 3 в п. Садовый", "филиал", "п. Садовый", "slav_3", ""))
    return ("SLAV", "Славянский район", rows)


def registry_table() -> Table:
    headers = [
        "Регион",
        "Код муниципалитета",
        "Муниципалитет",
        "Код ОО",
        "Наименование ОО",
        "Краткое наименование",
        "Тип ОО",
        "Населённый пункт",
        "Код головной ОО",
        "Синонимы",
    ]
    rows = []
    for m_code, m_name, schools in (LAZO, NOVGOROD, _slavyansk()):
        for code, short, school_type, settlement, parent, aliases in schools:
            full = f"{short} ({m_name})" if not short.startswith("Филиал") else short
            rows.append([REGION, m_code, m_name, code, full, short, school_type, settlement, parent, aliases])
    return Table(
        headers=headers,
        rows=rows,
        row_numbers=list(range(2, len(rows) + 2)),
        header_row_number=1,
        sheet_name=None,
        kind="csv",
    )


# Lazo's official ШНОР lists as seed 004 prints them: years on the list and the 2022 level.
LAZO_OFFICIAL = {
    "pereyaslavka_1": ((2021, 2022), "moderate"),
    "grodekovo": ((2019, 2021, 2022), "strong"),
    "mukhen": ((2021, 2022), "moderate"),
    "sokolovka": ((2019, 2021, 2022), "strong"),
    "gvasyugi": ((2021, 2022), "basic"),
    "svyatogorye": ((2021, 2022), "strong"),
    "durmin": ((2021, 2022), "strong"),
    "sukpay": ((2021, 2022), "strong"),
    "novostroyka": ((2022,), "moderate"),
    "khor_2": ((2022,), "strong"),
}


def seed_registry() -> None:
    outcome = registry_import(table=registry_table())
    if outcome.status != "imported":
        raise RuntimeError(f"demo registry rejected: {outcome.errors[:3]}")
    schools = {s.code: s for s in School.objects.filter(code__in=LAZO_OFFICIAL)}
    for code, (years, level) in LAZO_OFFICIAL.items():
        for year in years:
            SchoolStatus.objects.update_or_create(
                school=schools[code],
                year=year,
                kind=SchoolStatus.Kind.SHNOR,
                source=SchoolStatus.Source.OFFICIAL,
                defaults={"level": level if year == 2022 else ""},
            )
