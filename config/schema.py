"""How the API describes itself to people (drf-spectacular, /api/schema/ and /api/docs/): the topics its operations
are grouped by, and the Russian summaries and descriptions that replace the views' developer docstrings.

One place assigns every operation its topic: `TOPIC_PREFIXES`, by path prefix (the longest one that matches wins).
Summaries of a viewset's usual actions are made from the action and the model's `verbose_name`/`verbose_name_plural`
(«Список: школы», «Создать: визит куратора»); the other operations name theirs in `OPERATIONS`, which may also give a
Russian description. A view's or serializer's docstring written for developers (mostly Latin letters) does not reach
the page.
"""

import re
from dataclasses import dataclass
from types import SimpleNamespace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.db.models import Model

# config.settings reads TAGS and DESCRIPTION from here: Django and DRF are imported only inside the hook.

DESCRIPTION = """\
Данные портала «Опора» для информационных систем управлений образования: школы и муниципалитеты, результаты
оценочных процедур, списки ШНОР, программы и их планы, показатели, эффект программ, сопровождение школ, отчёты.
Операции сгруппированы по разделам.

**Вход.** Каждый запрос подписывается токеном в заголовке `Authorization: Token <токен>` (токен пользователя выдаёт
администратор портала) или идёт в сеансе пользователя, вошедшего на портал. Без входа ответ — 401.

**Зона доступа.** Пользователь видит только школы и муниципалитеты своей зоны доступа (школа, муниципалитет или
регион — по роли). Запись вне её отвечает 404, как несуществующая; действие, на которое у роли нет права, — 403.

**Страницы.** Списки выдаются по страницам: `?page=` (с 1) и `?page_size=` (по умолчанию 50, не больше 1000). В ответе
`count` (всего записей), `next` и `previous` (ссылки на соседние страницы) и `results` (записи страницы).

**Выгрузка.** Списки, у которых это указано, выгружаются целиком (все подходящие строки, без страниц) с
`?format=csv` или `?format=xlsx`; выгрузка записывается в журнал.

**Фоновые задания.** Загрузки, пересчёты и отчёты выполняются в фоне: ответ 202 содержит задание или загрузку, их
состояние запрашивается по ссылке из ответа до завершения.

**Ошибки.** Любая ошибка отвечает одним телом: `detail` — сообщение по-русски, `code` — машинный код, `errors` —
список `{field, message}` по полям (`field` равно null, если ошибка относится к запросу в целом). Коды ответа: 400 —
неверный запрос, 401 — не выполнен вход, 403 — недостаточно прав, 404 — не найдено или вне зоны доступа, 409 —
запись в другом состоянии, 429 — слишком много запросов.
"""

SCHOOLS = "Школы и муниципалитеты"
RESULTS = "Результаты и загрузки"
RISK = "Списки ШНОР и риски"
PROGRAMS = "Программы и план"
INDICATORS = "Показатели"
EFFECT = "Эффект программы"
SUPPORT = "Сопровождение"
REPORTS = "Отчёты"
JOBS = "Задания"

TAGS = [
    {
        "name": SCHOOLS,
        "description": "Муниципалитеты и общеобразовательные организации в вашей зоне доступа: статусы по годам, "
        "контекст школы (доли по годам) и расстояние до списка ШНОР.",
    },
    {
        "name": RESULTS,
        "description": "Результаты оценочных процедур (ВПР, ОГЭ, ЕГЭ, ГВЭ) по школам, сводки по территориям и "
        "строки муниципалитетов и региона из источников; загрузка файла результатов с проверкой без записи "
        "(`dry_run`) и файлом ошибок.",
    },
    {
        "name": RISK,
        "description": "Расчётный список ШНОР года с критериями и причинами, зона риска, официальный список и "
        "расхождения между ними; пересчёт списков и загрузка официального списка.",
    },
    {
        "name": PROGRAMS,
        "description": "Антирисковые программы и проекты муниципалитетов и их план-график: мероприятия, сроки, "
        "ответственные и выполнение.",
    },
    {
        "name": INDICATORS,
        "description": "Показатели программ: определение, базовое и целевые значения, рассчитанные значения по "
        "школам и годам, фактические значения, внесённые вручную.",
    },
    {
        "name": EFFECT,
        "description": "Изменились ли результаты школ — участниц программы больше, чем у похожих школ региона, "
        "которые в ней не участвуют.",
    },
    {
        "name": SUPPORT,
        "description": "Сопровождение школ: назначения и визиты кураторов, партнёрства, методические мероприятия, "
        "педагоги, курсы повышения квалификации, диагностики дефицитов, ИОМ, наставничество и кадровый состав.",
    },
    {
        "name": REPORTS,
        "description": "Заказ отчётов (PDF, Word, Excel): отчёт готовится в фоне, затем его файл можно скачать.",
    },
    {
        "name": JOBS,
        "description": "Фоновые задания (загрузки, пересчёты, отчёты): состояние, ход выполнения, итог и повторный "
        "запуск после сбоя.",
    },
]

API_PREFIX = "/api/v1/"

# Path prefix after /api/v1/ → topic. The longest matching prefix wins (the effect lies under programs/).
TOPIC_PREFIXES: dict[str, str] = {
    "municipalities/": SCHOOLS,
    "schools/": SCHOOLS,
    "results/": RESULTS,
    "results-summary/": RESULTS,
    "territory-results/": RESULTS,
    "uploads/": RESULTS,
    "risk-lists/": RISK,
    "programs/": PROGRAMS,
    "programs/{program_code}/effect/": EFFECT,
    "indicators/": INDICATORS,
    "indicator-values/": INDICATORS,
    "curator-assignments/": SUPPORT,
    "curator-visits/": SUPPORT,
    "partnerships/": SUPPORT,
    "events/": SUPPORT,
    "teachers/": SUPPORT,
    "pd-courses/": SUPPORT,
    "diagnostics/": SUPPORT,
    "individual-plans/": SUPPORT,
    "mentoring-pairs/": SUPPORT,
    "staffing/": SUPPORT,
    "reports/": REPORTS,
    "jobs/": JOBS,
}

# A viewset's usual actions: the summary says what is done to what.
ACTION_SUMMARIES = {
    "list": "Список: {plural}",
    "retrieve": "Одна запись: {singular}",
    "create": "Создать: {singular}",
    "update": "Заменить целиком: {singular}",
    "partial_update": "Изменить: {singular}",
    "destroy": "Удалить: {singular}",
}

SCOPE_NOTE = "Видны только записи вашей зоны доступа; чужие отвечают 404."
EXPORT_NOTE = "Выгрузка всех подходящих строк: `?format=csv` или `?format=xlsx` (выгрузка записывается в журнал)."
LIST_NOTE = f"{SCOPE_NOTE} Список выдаётся по страницам: `?page=`, `?page_size=` (до 1000)."
ACTION_DESCRIPTIONS = {
    "list": LIST_NOTE,
    "retrieve": SCOPE_NOTE,
    "create": "Создаёт запись в вашей зоне доступа; ошибки проверки — 400 с полями.",
    "update": "Заменяет запись целиком: нужны все обязательные поля.",
    "partial_update": "Меняет только переданные поля.",
    "destroy": "Удаляет запись.",
}


@dataclass(frozen=True)
class Text:
    summary: str
    description: str = ""


# Operations that are not a viewset's usual action (or whose model says too little), by method and path.
OPERATIONS: dict[tuple[str, str], Text] = {
    ("get", "results-summary/"): Text(
        "Сводка результатов по территориям",
        "Показатели территорий по процедуре, предмету и году, сложенные из строк их школ; каждая строка говорит, "
        "сколько школ территории в неё вошло.",
    ),
    ("get", "territory-results/"): Text(
        "Список: результаты муниципалитетов и региона из источников",
        "Строки муниципалитетов и региона целиком, как их дал источник («Уровень» в файле): показатели и отметки "
        "о качестве данных.",
    ),
    ("post", "uploads/"): Text(
        "Загрузить файл результатов",
        "Файл передаётся как multipart-поле `file`; с `dry_run` файл только проверяется, без записи. Ответ 202: "
        "загрузка, состояние которой нужно запрашивать до завершения.",
    ),
    ("get", "uploads/{id}/errors/"): Text(
        "Файл ошибок загрузки",
        "Отклонённый файл со столбцом ошибок (ссылка `error_report_url` загрузки); скачивание записывается в журнал.",
    ),
    ("post", "uploads/{id}/retry/"): Text(
        "Повторить загрузку",
        "Запускает обработку снова: после сбоя или, после чистой проверки (`dry_run`), чтобы записать данные.",
    ),
    ("get", "risk-lists/{year}/"): Text(
        "Списки ШНОР года",
        "Расчётный список ШНОР года с критериями и причинами, зона риска, официальный список и расхождения между "
        "расчётом и официальным списком в вашей зоне доступа.",
    ),
    ("post", "risk-lists/{year}/recompute/"): Text(
        "Пересчитать списки года",
        "Ставит в очередь пересчёт списков года (одного муниципалитета или всей вашей зоны доступа). Ответ 202: "
        "задание, состояние которого нужно запрашивать.",
    ),
    ("post", "risk-lists/official/"): Text(
        "Загрузить официальный список",
        "Официальный список ШНОР принимается целиком или не принимается вовсе: 200 с числом школ по "
        "муниципалитетам или 400 с ошибками по строкам.",
    ),
    ("get", "programs/"): Text(
        "Список: программы",
        "Программы и проекты муниципалитетов вашей зоны доступа; создают и меняют их методисты и руководители.",
    ),
    ("get", "programs/{program_code}/activities/"): Text(
        "План-график программы",
        "Все мероприятия плана-графика с исходным сроком (как в документе) и прочитанной датой.",
    ),
    ("get", "indicators/{code}/facts/"): Text(
        "Фактические значения показателя",
        "Внесённые вручную фактические значения рассчитываемого показателя по годам.",
    ),
    ("post", "indicators/{code}/facts/"): Text(
        "Внести фактическое значение",
        "Записывает фактическое значение показателя за год (или исправляет уже внесённое за этот год).",
    ),
    ("get", "indicators/{code}/facts/{year}/"): Text("Фактическое значение показателя за год"),
    ("patch", "indicators/{code}/facts/{year}/"): Text(
        "Исправить фактическое значение",
        "Меняет значение или подтверждение за год; история хранит прежнюю запись.",
    ),
    ("get", "indicator-values/"): Text(
        "Список: значения показателей",
        "Рассчитанные значения показателей по школам и годам. " + LIST_NOTE,
    ),
    ("get", "events/{id}/materials/{material_pk}/"): Text(
        "Файл материала мероприятия",
        "Файл из материалов мероприятия (ссылка `url` в списке материалов); скачивание записывается в журнал.",
    ),
    ("get", "teachers/"): Text(
        "Список: педагоги",
        "Педагоги школ вашей зоны доступа. Имена видны только ролям с доступом к ним (152-ФЗ); остальные получают те "
        "же строки без имён.",
    ),
    ("get", "teachers/summary/"): Text(
        "Сводка по педагогам школ",
        "По каждой школе: педагоги, категории, молодые педагоги и педагоги пенсионного возраста, прошедшие "
        "диагностику и обучение в году.",
    ),
    ("get", "staffing/"): Text(
        "Список: кадровый состав",
        "Сводные кадровые данные по школе (или муниципалитету в целом) и году — там, где имена педагогов не ведутся.",
    ),
    ("post", "reports/"): Text(
        "Заказать отчёт",
        "Формат `format`: pdf, docx (Word) или xlsx (Excel, таблицы отчёта по программе). Ответ 202: отчёт, "
        "состояние которого нужно запрашивать; когда он готов, поле `url` ведёт к его файлу.",
    ),
    ("get", "reports/{id}/download/"): Text(
        "Скачать файл отчёта",
        "Файл готового отчёта (с тем же токеном или сеансом); скачивание записывается в журнал.",
    ),
    ("get", "jobs/"): Text(
        "Список: фоновые задания",
        "Задания, которые вы запустили или можете видеть; остальные отвечают 404.",
    ),
    ("get", "jobs/{id}/"): Text("Одно задание: состояние и итог", SCOPE_NOTE),
    ("post", "jobs/{id}/retry/"): Text(
        "Повторить задание",
        "Снова ставит в очередь задание, завершившееся ошибкой (после сбоя или недоступной очереди). Ответ 202: "
        "задание; 409 — если оно не завершилось ошибкой или уже запущено снова.",
    ),
}

# drf-spectacular's and DRF's own English texts that reach the page, and the path parameters it leaves unexplained.
PATH_PARAMETER_DESCRIPTIONS = {
    "id": "Номер записи (поле `id` в списке).",
    "code": "Код записи (поле `code` в списке).",
    "program_code": "Код программы (поле `code` в списке программ).",
    "year": "Год, например 2024.",
    "material_pk": "Номер материала (поле `id` в материалах мероприятия).",
}
PARAMETER_DESCRIPTIONS = {
    "page": "Номер страницы списка (с 1).",
    "page_size": "Сколько записей на странице (по умолчанию 50, не больше 1000).",
    "format": "json — ответ по страницам (по умолчанию); csv или xlsx — выгрузка всех подходящих строк файлом.",
}
RESPONSE_DESCRIPTIONS = {"No response body": "Без тела ответа"}
TOKEN_DESCRIPTION = "Токен в заголовке `Authorization: Token <токен>`; токен выдаёт администратор портала."

_LATIN = re.compile(r"[A-Za-z]")
_CYRILLIC = re.compile(r"[А-Яа-яЁё]")


def is_russian(text: str) -> bool:
    """Written for a Russian reader: more Cyrillic letters than Latin ones (codes such as `dry_run` may stand in)."""
    return len(_CYRILLIC.findall(text)) > len(_LATIN.findall(text))


def topic(path: str) -> str | None:
    """The topic of a schema path, by the longest prefix of TOPIC_PREFIXES it starts with."""
    rest = path.removeprefix(API_PREFIX)
    matches = [prefix for prefix in TOPIC_PREFIXES if rest.startswith(prefix)]
    return TOPIC_PREFIXES[max(matches, key=len)] if matches else None


@dataclass(frozen=True)
class Endpoint:
    action: str | None  # the viewset action; None for a plain APIView
    model: "type[Model] | None"
    exports: bool  # answers ?format=csv|xlsx (core.api.ExportMixin's own rule)


def _endpoints(generator) -> dict[tuple[str, str], Endpoint]:
    """(method, schema path) → what the generator's view for it is."""
    from core.api import ExportMixin

    found: dict[tuple[str, str], Endpoint] = {}
    for path, _regex, method, callback in generator.endpoints or ():
        view = generator.create_view(callback, method)
        queryset = getattr(view, "queryset", None)
        serializer = getattr(view, "serializer_class", None)
        model = queryset.model if queryset is not None else getattr(getattr(serializer, "Meta", None), "model", None)
        exports = isinstance(view, ExportMixin) and view.export_allowed(SimpleNamespace(method=method))
        found[method.lower(), generator.coerce_path(path, method, view)] = Endpoint(
            getattr(view, "action", None), model, exports
        )
    return found


def _texts(method: str, path: str, endpoint: Endpoint | None) -> Text | None:
    named = OPERATIONS.get((method, path.removeprefix(API_PREFIX)))
    if named:
        return named
    if endpoint and endpoint.action in ACTION_SUMMARIES and endpoint.model is not None:
        meta = endpoint.model._meta
        template = ACTION_SUMMARIES[endpoint.action]
        return Text(
            template.format(singular=meta.verbose_name, plural=meta.verbose_name_plural),
            ACTION_DESCRIPTIONS[endpoint.action],
        )
    return None


def describe_operations(result, generator, request, public):
    """drf-spectacular postprocessing hook: each operation gets its topic, a Russian summary and description (its
    own kept when it is already Russian), and the library's English parameter and response texts are replaced."""
    from drf_spectacular.drainage import warn

    endpoints = _endpoints(generator)
    for path, item in result.get("paths", {}).items():
        for method, operation in item.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            tag = topic(path)
            if tag is None:
                warn(f"config.schema.TOPIC_PREFIXES: у {method.upper()} {path} нет раздела")
            operation["tags"] = [tag] if tag else []
            endpoint = endpoints.get((method, path))
            texts = _texts(method, path, endpoint)
            if not is_russian(operation.get("summary", "")):
                if texts:
                    operation["summary"] = texts.summary
                else:
                    warn(f"config.schema.OPERATIONS: у {method.upper()} {path} нет русского названия")
            if not is_russian(operation.get("description", "")):
                operation["description"] = texts.description if texts else ""
            if endpoint and endpoint.exports and EXPORT_NOTE not in operation["description"]:
                operation["description"] = f"{operation['description']} {EXPORT_NOTE}".strip()
            if not operation["description"]:
                del operation["description"]
            for parameter in operation.get("parameters", ()):
                name = parameter.get("name")
                if parameter.get("in") == "query" and name in PARAMETER_DESCRIPTIONS:
                    parameter["description"] = PARAMETER_DESCRIPTIONS[name]
                elif parameter.get("in") == "path" and not parameter.get("description"):
                    parameter["description"] = PATH_PARAMETER_DESCRIPTIONS.get(name, "")
            for response in operation["responses"].values():
                if response.get("description") in RESPONSE_DESCRIPTIONS:
                    response["description"] = RESPONSE_DESCRIPTIONS[response["description"]]
    # A serializer's docstring is written for the portal's developers, like a view's: it does not reach the page.
    for component in result.get("components", {}).get("schemas", {}).values():
        description = component.get("description", "")
        if description and not is_russian(description) and "enum" not in component:
            del component["description"]
    token = result.get("components", {}).get("securitySchemes", {}).get("tokenAuth")
    if token:
        token["description"] = TOKEN_DESCRIPTION
    return result
