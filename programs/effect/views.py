"""Pages: the programme's effect («Эффект программы») and the method's summary for the methodologist."""

from functools import cache

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.utils.safestring import mark_safe

from . import selectors
from .forms import EffectForm
from .presenting import effect_chart, effect_view
from .services import effect_fresh

# The sections of docs/effect.md the summary page shows: the question, the warnings, the assumptions, the limits.
SUMMARY_SECTIONS = ("1.", "4.", "8.", "9.")


@login_required
def program_effect(request, code: str):
    program = get_object_or_404(selectors.effect_program_list(user=request.user), code=code)
    form = EffectForm(data=request.GET or None)
    key = form.key() if form.is_bound and form.is_valid() else selectors.DEFAULT_KEY
    effect = effect_fresh(program=program, key=key)
    view = effect_view(effect, key)
    label = key.label
    chart, chart_alt = effect_chart(view, label)
    return render(
        request,
        "programs/effect/effect.html",
        {
            "program": program,
            "form": form,
            "key": key,
            "label": label,
            "view": view,
            "chart": chart,
            "chart_alt": chart_alt,
        },
    )


@cache
def _summary_html() -> str:
    """docs/effect.md's summary sections as HTML (markdown-it, tables on; the document is the repository's own)."""
    from markdown_it import MarkdownIt

    text = (settings.BASE_DIR / "docs" / "effect.md").read_text(encoding="utf-8")
    title, _, rest = text.partition("\n## ")
    intro = title.split("\n", 1)[1] if "\n" in title else ""
    sections = [s for s in ("## " + rest).split("\n## ") if s.lstrip("# ").startswith(SUMMARY_SECTIONS)]
    body = intro + "\n\n" + "\n\n".join("## " + s.lstrip("# ") for s in sections)
    return MarkdownIt("commonmark", {"html": False}).enable("table").render(body)


@login_required
def effect_method(request):
    return render(request, "programs/effect/method.html", {"summary": mark_safe(_summary_html())})
