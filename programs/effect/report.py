"""The report's section «Эффект программы» (build_report effect): the context of
templates/programs/effect/_report_section.html. reports/ wires it in; this module only reads."""

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
