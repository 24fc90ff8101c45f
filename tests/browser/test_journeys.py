"""Whole journeys in a real browser: clicks and typing on the live portal, checked by what the user reads."""

import datetime
import re
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import expect

from assessments import services as assessment_services
from core.tables import table_read
from programs.services.documents import document_create, document_transition, document_version_add
from tests.factories import SchoolStatusFactory
from tests.support.programs import item_make, program_make
from tests.support.results_files import row, xlsx

pytestmark = pytest.mark.browser
PROGRAMME = "Эффективная школа: поддержка школ с низкими результатами"
NBSP = "\u00a0"


def cells(table_row) -> list[str]:
    return [c.strip() for c in table_row.locator("td").all_inner_texts()]


def years_switch(page, heading: str, *years: int) -> None:
    """Pick each year from the page's «Год» list, which applies at once (portal.js: the CSP forbids inline handlers),
    and read it in the heading (`heading` with {year}). The list's listener runs after the page is parsed and a
    heading can be on screen before that, so each pick waits for the page to finish loading."""
    for year in years:
        page.wait_for_load_state("load")
        page.get_by_label("Год", exact=True).select_option(str(year))
        expect(page.get_by_role("heading", level=1)).to_have_text(heading.format(year=year))


def programme_make(municipality, *, start: datetime.date, end: datetime.date):
    program = program_make(municipality, "effective-school", start=start, end=end)
    program.title = PROGRAMME
    program.save()
    return program


def test_school_admin_fixes_a_bad_row_and_sees_the_shares(users, tmp_path, page, login, shot):
    # Row 3 has «1O» (a letter O) for the number of «4»: the only mistake in the file.
    good = [
        row(subject="Русский язык", grade=5, n=24, m2=5, m3=9, m4=7, m5=3, confirmed=18, lowered=4, raised=2),
        row(subject="Математика", grade=5, n=30, m2=2, m3=12, m4=10, m5=6, confirmed=25, lowered=3, raised=2),
        row(subject="Математика", grade=6, n=25, m2=1, m3=9, m4=10, m5=5, confirmed=20, lowered=5, raised=0),
    ]
    bad = [list(r) for r in good]
    bad[1][9] = "1O"
    results_file = tmp_path / "впр-2024.xlsx"
    results_file.write_bytes(xlsx(bad))

    login(users["school_admin"])
    menu = page.get_by_role("navigation", name="Основное меню")
    menu.get_by_role("link", name="Загрузка результатов").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Загрузка результатов ВПР, ОГЭ, ЕГЭ")
    expect(page.get_by_label("Сначала только проверить (ничего не записывать)")).to_be_checked()
    page.locator("input[type=file]").set_input_files(results_file)
    expect(page.get_by_text("Выбран файл: впр-2024.xlsx")).to_be_visible()
    page.get_by_role("button", name="Загрузить").click()

    expect(page.get_by_role("heading", name="Что исправить")).to_be_visible()
    expect(page.locator(".job-result .error")).to_have_text(
        "Файл отклонён, ничего не записано. Исправьте ошибки и загрузите файл снова."
    )
    errors = page.locator(".job-result table tbody tr")
    expect(errors).to_have_count(1)
    assert cells(errors.first) == ["3", "«4»", assessment_services.NOT_A_COUNT.format(value="1O")]
    expect(page.get_by_role("link", name="Скачать таблицу с колонкой «Ошибка»")).to_be_visible()
    shot("1-rejected")

    results_file.write_bytes(xlsx(good))
    menu.get_by_role("link", name="Загрузка результатов").click()
    page.locator("input[type=file]").set_input_files(results_file)
    page.get_by_role("button", name="Загрузить").click()
    expect(page.get_by_role("heading", name="Проверка прошла без ошибок")).to_be_visible()
    expect(page.get_by_text("Пробная проверка: ничего не записано.")).to_be_visible()
    expect(page.get_by_text("Будет создано: 3, обновлено: 0, без изменений: 0")).to_be_visible()
    shot("2-dry-run")
    page.get_by_role("button", name="Загрузить по-настоящему").click()
    expect(page.locator(".job-result .ok")).to_have_text("Загружено.")
    expect(page.get_by_text("Создано: 3 · обновлено: 0 · без изменений: 0")).to_be_visible()
    shot("3-imported")

    menu.get_by_role("link", name="Результаты", exact=True).click()
    expect(page.get_by_text("Строк: 3.")).to_be_visible()
    table = page.locator("table").filter(has=page.get_by_role("columnheader", name="Доля «2»"))
    headers = [h.strip() for h in table.locator("thead th").all_inner_texts()]
    shown = {}
    for line in table.locator("tbody tr").all():
        values = dict(zip(headers, cells(line)))
        shown[(values["Предмет"], values["Класс"])] = (
            values["n"],
            values["Доля «2»"],
            values["Успеваемость"],
            values["Качество"],
            values["Подтвердили"],
        )
    assert shown == {
        ("Русский язык", "5"): ("24", f"20,8{NBSP}%", f"79,2{NBSP}%", f"41,7{NBSP}%", f"75,0{NBSP}%"),
        ("Математика", "5"): ("30", f"6,7{NBSP}%", f"93,3{NBSP}%", f"53,3{NBSP}%", f"83,3{NBSP}%"),
        ("Математика", "6"): ("25", f"4,0{NBSP}%", f"96,0{NBSP}%", f"60,0{NBSP}%", f"80,0{NBSP}%"),
    }
    shot("4-results")


def _plan_paste(year: int) -> str:
    """A plan table as Word or Excel puts it on the clipboard: tab-separated, a cell with a line break quoted."""
    lines = [
        ["№", "Раздел", "Мероприятие", "Сроки", "Ответственные", "Ожидаемый результат", "Целевое значение"],
        [
            "1.1",
            "Организационные мероприятия",
            "Утверждение дорожной карты",
            f"до 20.04.{year}",
            "Управление образования",
            "Приказ",
            "",
        ],
        [
            "1.2",
            "Организационные мероприятия",
            '"Семинар для заместителей директоров\nпо работе с результатами ВПР"',
            f"Май, {year}",
            "ИМЦ",
            "Проведён семинар",
            "1",
        ],
        [
            "2.1",
            "Методическое сопровождение",
            "Посещение уроков кураторами",
            "ежеквартально",
            "Кураторы",
            "Справки по итогам посещений",
            "4",
        ],
        [
            "2.2",
            "Методическое сопровождение",
            "Размещение материалов на сайте",
            "в течение 10 дней после мероприятия",
            "ИМЦ",
            "Материалы на сайте",
            "",
        ],
    ]
    return "\n".join("\t".join(line) for line in lines) + "\n"


def test_methodologist_pastes_a_plan_marks_it_done_and_returns_a_document(
    users, two_municipalities, tmp_path, page, login, shot
):
    year = datetime.date.today().year
    program = programme_make(
        two_municipalities["a"], start=datetime.date(year, 1, 1), end=datetime.date(year + 1, 12, 31)
    )
    school_admin = users["school_admin"]
    document = document_create(
        user=school_admin, school=two_municipalities["a1"], kind="concept", year=year, title="Концепция развития школы"
    )
    document_version_add(document=document, user=school_admin, text="Цели, задачи, мероприятия.")
    document_transition(document=document, user=school_admin, to_status="submitted")
    order = tmp_path / "приказ-о-дорожной-карте.pdf"
    order.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    menu = page.get_by_role("navigation", name="Основное меню")

    login(users["methodologist"])
    menu.get_by_role("link", name="Программы").click()
    page.get_by_role("link", name=program.title).click()
    page.get_by_role("link", name="Загрузить план", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Загрузка плана-графика")
    page.get_by_label("…или вставьте таблицу").click()
    page.keyboard.insert_text(_plan_paste(year))  # what a paste from the clipboard types into the field
    page.get_by_role("button", name="Проверить").click()

    expect(page.get_by_role("heading", name="Проверьте, как прочитана таблица")).to_be_visible()
    expect(page.get_by_text("Строк: 4 · будет добавлено 4, обновлено 0")).to_be_visible()
    preview = page.locator("table.plan-table tbody tr")
    read = {cells(line)[1]: cells(line)[5] for line in preview.all()}
    assert read == {
        "1.1": f"до 20.04.{year}",
        "1.2": f"01.05.{year} — 31.05.{year}",
        "2.1": "ежеквартально · сроков в периоде программы: 8, последний 31.12.2027",
        "2.2": "10 дн. после события",
    }
    assert "по работе с результатами ВПР" in cells(preview.nth(1))[3]
    shot("1-plan-preview")
    page.get_by_role("button", name="Загрузить", exact=True).click()
    expect(page.get_by_text("План загружен: добавлено 4, обновлено 0, без изменений 0.")).to_be_visible()
    expect(page.get_by_text("Мероприятий: 4")).to_be_visible()
    shot("2-plan")

    page.get_by_role("link", name="Утверждение дорожной карты").click()
    page.get_by_label("Статус").select_option(label="Выполнено")
    page.get_by_label("Фактическое выполнение").fill("Дорожная карта утверждена приказом № 15.")
    page.get_by_role("button", name="Сохранить").click()
    expect(page.get_by_text("Сохранено.")).to_be_visible()
    page.get_by_label("Что подтверждает").fill("Приказ об утверждении дорожной карты")
    page.get_by_label("Файл:", exact=True).set_input_files(order)
    page.get_by_role("button", name="Добавить").click()
    expect(page.get_by_text("Подтверждение добавлено.")).to_be_visible()
    facts = page.locator("dl.props")
    expect(facts.locator("dd .badge")).to_have_text("Выполнено")
    expect(facts).to_contain_text("Дорожная карта утверждена приказом № 15.")
    evidence = page.locator("section").filter(has=page.get_by_role("heading", name="Подтверждения"))
    expect(evidence.get_by_role("link", name="приказ-о-дорожной-карте.pdf")).to_be_visible()
    expect(evidence).to_contain_text("Приказ об утверждении дорожной карты")
    shot("3-item-done")
    page.get_by_role("link", name="План-график").click()
    done = page.locator("table.plan-table tbody tr").filter(has_text="Утверждение дорожной карты")
    expect(done.locator(".badge")).to_have_text("Выполнено")

    menu.get_by_role("link", name="Документы школ").click()
    queue = page.locator("section").filter(has=page.get_by_role("heading", name=re.compile("Ждут проверки")))
    queue.get_by_role("link", name="Концепция развития школы").click()
    expect(page.locator("h1 + p .badge")).to_have_text("Отправлен на проверку")
    page.get_by_role("button", name="Взять на рассмотрение").click()
    expect(page.get_by_text("Статус документа: «На рассмотрении».")).to_be_visible()
    page.get_by_label("Замечания (каждое с новой строки)").fill(
        "Нет показателей результативности.\nСроки мероприятий не указаны."
    )
    page.get_by_role("button", name="Вернуть с замечаниями").click()
    expect(page.get_by_text("Статус документа: «Возвращён с замечаниями».")).to_be_visible()
    expect(page.locator("h1 + p .badge")).to_have_text("Возвращён с замечаниями")
    remarks = (
        page.locator("section").filter(has=page.get_by_role("heading", name="Замечания", exact=True)).locator(".remark")
    )
    expect(remarks).to_have_count(2)
    expect(remarks.first).to_contain_text("Нет показателей результативности.")
    expect(remarks.last).to_contain_text("Сроки мероприятий не указаны.")
    expect(page.get_by_text("Документ готовит школа.")).to_be_visible()
    shot("4-document-returned")


@pytest.fixture
def region_results(two_municipalities):
    """ВПР 2023–2024: in 2024 school A-1 has 8 of 20 with «2» in Russian and maths (40 %) and is on the official
    ШНОР list; B-1 has 2 of 20 in Russian (10 %)."""
    rows = [
        row(year=y, subject=s, m2=m2, m3=8 - (m2 - 2))
        for y in (2023, 2024)
        for s in ("Русский язык", "Математика")
        for m2 in [8 if y == 2024 else 2]
    ]
    rows.append(row(code="B-1", year=2024))
    outcome = assessment_services.results_import(table=table_read(xlsx(rows), filename="r.xlsx"))
    assert outcome.status == "imported", outcome.errors[:3]
    SchoolStatusFactory(school=two_municipalities["a1"], year=2024, source="official", level="strong")
    return two_municipalities


def _download_pdf(page, tmp_path, picture: Path) -> str:
    """On a finished report job's page: download the PDF the way a user does; its text, and its first page drawn as
    `picture` next to the screenshots, to look at what the head receives."""
    expect(page.get_by_role("heading", level=1)).to_have_text("Фоновая задача")
    expect(page.locator(".job-head .badge")).to_have_text("Готово")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Скачать PDF").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    content = path.read_bytes()
    assert content.startswith(b"%PDF-") and len(content) > 10_000, (content[:20], len(content))
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(path), str(picture.with_suffix(""))],
        check=True,
    )
    return text


def test_head_goes_from_the_dashboard_to_a_dossier_and_downloads_reports(
    users, region_results, tmp_path, page, login, shot
):
    program = programme_make(region_results["a"], start=datetime.date(2024, 1, 1), end=datetime.date(2025, 12, 31))
    item_make(program, title="Утверждение дорожной карты", end=datetime.date(2024, 4, 20), status="done")
    item_make(program, title="Семинар для заместителей директоров", end=datetime.date(2024, 11, 30))
    menu = page.get_by_role("navigation", name="Основное меню")

    login(users["head"])
    menu.get_by_role("link", name="Дашборд").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Район А, 2024")
    expect(page.locator(".tile").filter(has_text="ШНОР в 2024 г.").locator(".tile-value")).to_have_text("1")
    attention = page.locator("section").filter(
        has=page.get_by_role("heading", name="Кому нужно внимание в первую очередь")
    )
    school_row = attention.locator("tbody tr").filter(has_text="МБОУ СОШ № 1 (А)")
    assert cells(school_row) == ["МБОУ СОШ № 1 (А)", f"40,0{NBSP}%", f"75,0{NBSP}%", "в списке ШНОР, высокая доля «2»"]
    expect(page.locator("#plan")).to_contain_text(program.title)
    shot("1-dashboard")

    school_row.get_by_role("link", name="МБОУ СОШ № 1 (А)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Досье: МБОУ СОШ № 1 (А), 2024")
    results = page.locator("section").filter(has=page.get_by_role("heading", name="Результаты 2024 года"))
    shares = {cells(line)[1]: cells(line)[4] for line in results.locator("tbody tr").all()}
    assert shares == {"Русский язык": f"40,0{NBSP}%", "Математика": f"40,0{NBSP}%"}
    shot("2-dossier")
    years_switch(page, "Досье: МБОУ СОШ № 1 (А), {year}", 2023, 2024)
    page.get_by_role("button", name="Скачать PDF").click()
    expect(page.locator(".job-head strong")).to_have_text("Досье школы: МБОУ СОШ № 1 (А), 2024")
    shot("3-dossier-report-job")
    text = _download_pdf(page, tmp_path, shot.path("4-dossier-pdf"))
    assert "МБОУ СОШ № 1 (А)" in text and "40,0 %" in text

    menu.get_by_role("link", name="Дашборд").click()
    page.get_by_role("link", name="Отчёты PDF").click()
    order = page.locator("section").filter(has=page.get_by_role("heading", name="Заказать отчёт"))
    order.get_by_label("Вид").select_option(label="Годовой отчёт о реализации программы")
    order.get_by_label("Муниципалитет").select_option(label="Район А")
    order.locator("select[name=year]").select_option("2024")
    order.get_by_role("button", name="Сформировать отчёт").click()
    expect(page.locator(".job-head strong")).to_have_text("Годовой отчёт о реализации программы: Район А, 2024")
    text = _download_pdf(page, tmp_path, shot.path("5-programme-pdf"))
    assert "Эффективная школа" in text and "Район А" in text

    menu.get_by_role("link", name="Отчёты").click()
    done = (
        page.locator("section")
        .filter(has=page.get_by_role("heading", name="Сформированные отчёты"))
        .locator("tbody tr")
    )
    expect(done).to_have_count(2)
    expect(done.get_by_role("link", name="Скачать PDF")).to_have_count(2)
    shot("6-reports")


def test_regional_user_compares_municipalities_side_by_side(users, region_results, page, login, shot):
    login(users["regional"])
    page.get_by_role("navigation", name="Основное меню").get_by_role("link", name="Сравнение").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Сравнение муниципалитетов, 2024")
    table = page.locator("table").filter(has=page.get_by_role("columnheader", name="Муниципалитет"))
    headers = [h.strip() for h in table.locator("thead th").all_inner_texts()]
    shown = [dict(zip(headers, cells(line))) for line in table.locator("tbody tr").all()]
    columns = ["Муниципалитет", "Школ", "ШНОР", "Доля ШНОР", "ВПР рус.: доля «2»", "ВПР мат.: доля «2»"]
    picked = [tuple(r[c].split("\n")[0] for c in columns) for r in shown]  # a figure's first line: its value
    assert picked == [
        ("Район А", "2", "1", f"50,0{NBSP}%", f"40,0{NBSP}%", f"40,0{NBSP}%"),
        ("Район Б", "1", "нет списка", "нет данных", f"10,0{NBSP}%", "—"),  # no 2023 results: no 2024 list
    ]
    # Only one of Район А's two schools wrote the VPR: its figures say so.
    assert shown[0]["ВПР рус.: доля «2»"].endswith("данные 1 из 2 ОО (неполные)")
    expect(page.get_by_role("img", name="Доля ШНОР по муниципалитетам")).to_be_visible()
    shot("1-comparison")
    years_switch(page, "Сравнение муниципалитетов, {year}", 2023, 2024)

    table.get_by_role("link", name="Район Б").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Район Б, 2024")
    shot("2-dashboard-b")


def test_api_docs_open_under_the_content_security_policy(users, page, login, shot):
    """Swagger UI from the portal's own files, its start script fetched separately: nothing inline for the CSP to
    refuse (a refusal is a console error, which fails the test through `shot`)."""
    login(users["head"])
    page.goto("/api/docs/")
    expect(page.locator("#swagger-ui .info .title")).to_contain_text("Опора")
    expect(page.locator("#swagger-ui .opblock-summary-path").filter(has_text="/api/v1/schools/").first).to_be_visible()
    shot("1-api-docs")
