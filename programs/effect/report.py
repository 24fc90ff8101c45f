"""The report's section «Эффект программы»: the context of templates/programs/effect/_report_section.html, printed
alone by `build_report effect` and as a chapter of the programme report (`effect_report_chapter`, registered in
reports.selectors.REPORT_SECTIONS by the app's ready()). This module only reads."""

from programs.models import Program

from .presenting import effect_chart, effect_view
from .selectors import DEFAULT_KEY, EffectKey, effect_cached_keys
from .services import effect_fresh


def effect_section(program: Program, user=None) -> dict:
    """The programme's effects for the report: the default measure (share of «2» over the ШНОР rule's procedures)
    and every other measure already cached for it (those people chose on the page), each fresh.

    `user`: when given, the programme must be in their scope (else LookupError); the command passes none."""
    if user is not None:
        from .selectors import effect_program_list

        if not effect_program_list(user=user).filter(pk=program.pk).exists():
            raise LookupError(program.code)
    keys: list[EffectKey] = [DEFAULT_KEY]
    keys += [k for k in effect_cached_keys(program_ids=[program.pk]).get(program.pk, []) if k != DEFAULT_KEY]
    items = []
    for key in keys:
        view = effect_view(effect_fresh(program=program, key=key), key)
        label = key.label
        chart, chart_alt = effect_chart(view, label)
        items.append({"key": key, "label": label, "view": view, "chart": chart, "chart_alt": chart_alt})
    return {"program": program, "items": items}


def effect_report_chapter(context: dict):
    """The programme report's chapter: each programme's effect (PDF and Word), its years as Excel sheets."""
    from reports.selectors import ReportSection

    parts = [effect_section(entry["program"]) for entry in context["programs"]]
    if not parts:
        return None
    tables = [
        {
            "title": f"Эффект: {part['program'].title}, {item['label']}"[:120],
            "headers": ["Год", "Школы-участницы", "Школы сравнения"],
            "rows": [[y["year"], y["treated"], y["comparison"]] for y in item["view"].years],
        }
        for part in parts
        for item in part["items"]
        if item["view"].years
    ]
    return ReportSection(
        id="effect",
        title="Эффект программы",
        template="programs/effect/_report_chapter.html",
        data=parts,
        tables=tables,
    )
