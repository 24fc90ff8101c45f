"""The Russian a person reads on every page the resolver lists. No Django leftovers («---------» as a select's empty
choice). Plural forms: «1 школа», «2 школы», «5 школ», «из 21 школы» — never
«1 школ» or «3 муниципалитетов». The text a person reads (tags stripped) is checked for each counted noun: after a
bare number its form must agree with the number (core.numbers.plural); after «из», «более», «менее», «около»,
«до», «от» the genitive must. Other prepositions («в 3 школах») are not judged."""

import html
import re

import pytest

from core.numbers import plural

from .sweep import ADMIN, PAGE, route_kwargs, route_url, routes

pytestmark = pytest.mark.django_db

# noun: (1, 2, 5 — after a bare number; genitive singular for «из 21 …»)
NOUNS = {
    "школа": ("школа", "школы", "школ", "школы"),
    "муниципалитет": ("муниципалитет", "муниципалитета", "муниципалитетов", "муниципалитета"),
    "визит": ("визит", "визита", "визитов", "визита"),
    "рекомендация": ("рекомендация", "рекомендации", "рекомендаций", "рекомендации"),
    "партнёрство": ("партнёрство", "партнёрства", "партнёрств", "партнёрства"),
    "мероприятие": ("мероприятие", "мероприятия", "мероприятий", "мероприятия"),
    "педагог": ("педагог", "педагога", "педагогов", "педагога"),
    "учитель": ("учитель", "учителя", "учителей", "учителя"),
    "документ": ("документ", "документа", "документов", "документа"),
    "замечание": ("замечание", "замечания", "замечаний", "замечания"),
    "показатель": ("показатель", "показателя", "показателей", "показателя"),
    "участник": ("участник", "участника", "участников", "участника"),
    "уведомление": ("уведомление", "уведомления", "уведомлений", "уведомления"),
    "попытка": ("попытка", "попытки", "попыток", "попытки"),
    "пункт": ("пункт", "пункта", "пунктов", "пункта"),
    "запись": ("запись", "записи", "записей", "записи"),
}
GENITIVE_AFTER = {"из", "более", "менее", "около", "свыше", "до", "от"}
OTHER_PREPOSITIONS = {"в", "во", "на", "о", "об", "по", "с", "со", "к", "ко", "при", "за", "под", "над", "между"}
FORMS = {form: noun for noun, forms in NOUNS.items() for form in forms}
COUNTED = re.compile(r"(?:(\w+)\s+)?(\d+)\s+(" + "|".join(sorted(FORMS, key=len, reverse=True)) + r")(?!\w)")
TAGS = re.compile(r"<(script|style|svg)\b.*?</\1>|<[^>]+>", re.S | re.I)


def visible_text(page: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(TAGS.sub(" ", page)).replace("\u00a0", " "))


def wrong_forms(text: str) -> list[str]:
    found = []
    for before, number, form in COUNTED.findall(text):
        n, (one, few, many, genitive_one) = int(number), NOUNS[FORMS[form]]
        before = before.lower()
        if before in OTHER_PREPOSITIONS:
            continue
        expected = plural(n, genitive_one, many, many) if before in GENITIVE_AFTER else plural(n, one, few, many)
        if form != expected:
            said = f"{before} {number}" if before in GENITIVE_AFTER else number
            found.append(f"«{said} {form}» (нужно «{said} {expected}»)")
    return found


@pytest.mark.parametrize(
    "text, wrong",
    [
        ("в списке 1 школ", ["«1 школ» (нужно «1 школа»)"]),
        ("81 школа, 3 муниципалитета", []),
        ("из 21 школы и из 29 школ", []),
        ("из 21 школ", ["«из 21 школ» (нужно «из 21 школы»)"]),
        ("в 3 школах", []),
        ("1 партнёрств действует", ["«1 партнёрств» (нужно «1 партнёрство»)"]),
    ],
)
def test_the_check_reads_russian_as_a_person_does(text, wrong):
    assert wrong_forms(text) == wrong


@pytest.mark.parametrize("role", ["admin", "head", "school_admin", "curator"])
def test_every_page_puts_counted_nouns_in_the_right_form(world, users, page_client, role):
    client = page_client(users[role])
    problems, checked = [], 0
    for route in routes():
        if route.kind not in (PAGE, ADMIN) or (route.kind == ADMIN and role != "admin"):
            continue
        response = client.get(route_url(route, route_kwargs(route, world["a"])))
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        checked += 1
        problems += [f"{route.label}: {w}" for w in wrong_forms(visible_text(response.content.decode()))]
    assert not problems, "\n".join(problems)
    assert checked > 20


@pytest.mark.parametrize("role", ["admin", "methodologist", "school_admin", "curator"])
def test_no_select_offers_djangos_dashes(world, users, page_client, role):
    client = page_client(users[role])
    found, checked = [], 0
    for route in routes():
        if route.kind != PAGE:
            continue
        response = client.get(route_url(route, route_kwargs(route, world["a"])))
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        checked += 1
        if "---------" in response.content.decode():
            found.append(route.label)
    assert found == [] and checked > 20
