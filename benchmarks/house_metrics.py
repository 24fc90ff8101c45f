"""The house in figures: lines per module, import circles, imports inside functions, star imports.

    .venv/bin/python benchmarks/house_metrics.py [--top 15] [--json]

Reads the first-party packages' source (migrations excluded) with `ast`; runs nothing. An import circle is a
strongly connected group of modules joined by module-level imports (the ones that run at start); imports
inside functions are counted apart, since they are how circles are usually dodged. Imports under `if TYPE_CHECKING:`
are not counted: they never run."""

import argparse
import ast
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("assessments", "config", "core", "demo", "mentoring", "programs", "reports", "schools")


def modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


def resolve(current: str, is_package: bool, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = current.split(".") if is_package else current.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def analyse(mods: dict[str, Path]):
    graph: dict[str, set[str]] = {m: set() for m in mods}
    every: dict[str, set[str]] = {m: set() for m in mods}  # with the imports inside functions too
    in_function = in_function_all = star = 0
    for name, path in mods.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        is_package = path.name == "__init__.py"
        top_level = set()
        for statement in tree.body:
            if isinstance(statement, (ast.Import, ast.ImportFrom)):
                top_level.add(id(statement))
        # Imports under `if TYPE_CHECKING:` never run: the type checker's, not the program's.
        typing_only = {
            id(n) for s in tree.body if isinstance(s, ast.If) and _is_type_checking(s.test) for n in ast.walk(s)
        }
        for node in ast.walk(tree):
            if not isinstance(node, (ast.Import, ast.ImportFrom)) or id(node) in typing_only:
                continue
            if isinstance(node, ast.ImportFrom) and any(a.name == "*" for a in node.names):
                star += 1
            targets = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [resolve(name, is_package, node)]
                + [f"{resolve(name, is_package, node)}.{a.name}" for a in node.names]
            )
            first_party = [t for t in targets if t in mods]
            every[name].update(t for t in first_party if t != name)
            if id(node) not in top_level:
                in_function_all += 1
                if first_party:
                    in_function += 1
                continue
            graph[name].update(t for t in first_party if t != name)
    return graph, every, in_function, in_function_all, star


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's strongly connected components of two or more modules."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    result = []
    counter = [0]
    sys.setrecursionlimit(10_000)

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                result.append(sorted(group))

    for v in graph:
        if v not in index:
            visit(v)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    mods = modules()
    lines = {name: len(path.read_text(encoding="utf-8").splitlines()) for name, path in mods.items()}
    graph, every, in_function, in_function_all, star = analyse(mods)
    found = circles(graph)
    dodged = circles(every)
    figures = {
        "modules": len(mods),
        "lines": sum(lines.values()),
        "largest": sorted(lines.items(), key=lambda kv: -kv[1])[: args.top],
        "import_circles": found,
        "circles_with_function_imports": dodged,
        "imports_in_functions": in_function_all,
        "first_party_imports_in_functions": in_function,
        "star_imports": star,
    }
    if args.json:
        print(json.dumps(figures, ensure_ascii=False, indent=1))
        return
    print(f"{figures['modules']} modules, {figures['lines']} lines")
    print(f"import circles at start: {len(found)}; counting imports inside functions: {len(dodged)}")
    for group in dodged:
        print(f"  circle of {len(group)}:", ", ".join(group))
    print(f"imports inside functions: {in_function_all} ({in_function} of first-party modules); star imports: {star}")
    print("largest modules:")
    for name, n in figures["largest"]:
        print(f"  {n:5d}  {name}")


if __name__ == "__main__":
    main()
