"""Static guards of the one access module (schools.access), read from the source.

- Pages, endpoints, exports and selectors that act for a user read a scoped model through `visible_to(user)`;
  the exceptions are listed below, each with its reason.
- Authority is `effective_role` / `user_can` / the named groups: no other file reads `is_superuser` or compares a
  user's role with a literal.
- `schools` never imports `mentoring` (the curator's scope is registered by mentoring's ready()).
"""

import ast
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
SKIP_PARTS = {".venv", "tests", "migrations", "node_modules", "var", "static", "benchmarks", "demo"}

TERRITORY = "a territory's whole set of schools, the yardstick of coverage, after the territory was checked visible"
SCOPE_GIVEN = "rows of the schools in the queryset at hand, itself visible_to(user) (or the command's whole set)"
COMPLEMENT = "the schools the user does NOT see, to leave out the territories they see only in part"
WHOLE_TERRITORIES = "results of the territories whose every school the user sees: a part of their visible_to(user)"
EVENT_TOTALS = (
    "an event's totals over every school that attended (counts, not rows), of events already visible_to(user)"
)

ALLOWED = {
    "assessments/views.py::school_results": TERRITORY,
    "assessments/views.py::municipality_table": TERRITORY,
    "reports/views.py::dashboard": TERRITORY,
    "reports/views.py::region": TERRITORY,
    "reports/views.py::school_dossier": TERRITORY,
    "assessments/selectors.py::territory_figure_list": TERRITORY,
    "assessments/selectors.py::territory_result_list": WHOLE_TERRITORIES,
    "assessments/selectors.py::_whole_municipalities": COMPLEMENT,
    "assessments/risk/selectors.py::risk_list": SCOPE_GIVEN,
    "schools/selectors.py::school_list": SCOPE_GIVEN,
    "mentoring/selectors/events.py::event_annotate": EVENT_TOTALS,
}


def _source_files(predicate) -> list[Path]:
    return sorted(p for p in ROOT.rglob("*.py") if not SKIP_PARTS & set(p.relative_to(ROOT).parts) and predicate(p))


def _reads_files() -> list[Path]:
    """Pages, endpoints, exports and selectors, whether a module (`selectors.py`) or a package by topic
    (`selectors/<topic>.py`)."""
    kinds = ("views", "api", "selectors")
    return _source_files(lambda p: p.stem in kinds or p.parent.name in kinds or p.name.startswith("exports"))


def _scoped_model_names() -> set[str]:
    return {m.__name__ for m in apps.get_models() if hasattr(m._default_manager, "visible_to")}


def _acts_for_a_user(function: ast.FunctionDef | ast.AsyncFunctionDef | None) -> bool:
    """A function given no user and no request reads what its caller hands it (schools, ids, one object)."""
    if function is None:
        return True
    args = function.args
    names = {a.arg for a in args.args + args.kwonlyargs + args.posonlyargs}
    return bool(names & {"user", "request", "self"})


def _bare_reads(path: Path, scoped: set[str]) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    found = []
    for node in ast.walk(tree):
        if not (
            isinstance(node, ast.Attribute)
            and node.attr == "objects"
            and isinstance(node.value, ast.Name)
            and node.value.id in scoped
        ):
            continue
        use = parents.get(node)
        if isinstance(use, ast.Attribute) and use.attr in ("visible_to", "none"):
            continue
        enclosing: ast.AST = node
        function: ast.FunctionDef | ast.AsyncFunctionDef | None = None
        in_prefetch = False
        while enclosing in parents:
            enclosing = parents[enclosing]
            if isinstance(enclosing, ast.Call) and getattr(enclosing.func, "id", "") == "Prefetch":
                in_prefetch = True  # a prefetch reads only the children of parents already scoped
            if isinstance(enclosing, (ast.FunctionDef, ast.AsyncFunctionDef)):
                function = enclosing
                break
        if in_prefetch or not _acts_for_a_user(function):
            continue
        found.append(f"{path.relative_to(ROOT).as_posix()}::{function.name if function else '<module>'}")
    return found


def test_pages_endpoints_and_selectors_read_scoped_models_through_visible_to():
    scoped = _scoped_model_names()
    bare = {read for path in _reads_files() for read in _bare_reads(path, scoped)}
    assert sorted(bare - ALLOWED.keys()) == []


def test_the_allowlist_names_only_reads_that_exist():
    scoped = _scoped_model_names()
    bare = {read for path in _reads_files() for read in _bare_reads(path, scoped)}
    assert sorted(ALLOWED.keys() - bare) == []


SUPERUSER_READ = re.compile(r"\bis_superuser\b(?!\s*=[^=])")
ROLE_LITERAL = re.compile(r"""\.role\s*(?:==|!=|\bnot in\b|\bin\b)\s*(?:["'(\[{]|Role\.[A-Z])""")


def _authority_files() -> list[Path]:
    return _source_files(lambda p: p.relative_to(ROOT).as_posix() not in {"schools/access.py"})


@pytest.mark.parametrize("pattern", [SUPERUSER_READ, ROLE_LITERAL], ids=["is_superuser", "role literal"])
def test_authority_is_decided_in_schools_access_only(pattern):
    offenders = []
    for path in _authority_files():
        relative = path.relative_to(ROOT).as_posix()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            if pattern.search(code) and "_SCOPE_FIELDS" not in code:
                offenders.append(f"{relative}:{number}: {line.strip()}")
    assert offenders == []


def test_schools_does_not_import_mentoring():
    imports = []
    for path in sorted((ROOT / "schools").rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else ([a.name for a in node.names] if isinstance(node, ast.Import) else [])
            )
            imports += [f"{path.name}: {n}" for n in names if n.split(".")[0] == "mentoring"]
    assert imports == []
