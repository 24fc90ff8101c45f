"""The test suite's house (tests/support/__init__.py): no module under tests/ imports a test module or a conftest
(shared helpers live in tests/support, tests/factories, or a conftest's fixtures), and none star-imports."""

import ast

import pytest

from tests.support.runtime import ROOT

TESTS = ROOT / "tests"


def _imports(path):
    """(line, imported module, star) for every import of the file."""
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            yield from ((node.lineno, alias.name, False) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            star = any(alias.name == "*" for alias in node.names)
            yield node.lineno, node.module, star
            # `from tests.risk import test_services` imports a test module too.
            yield from (
                (node.lineno, f"{node.module}.{alias.name}", False) for alias in node.names if alias.name != "*"
            )


def _is_test_module(module: str) -> bool:
    last = module.rsplit(".", 1)[-1]
    return module.split(".")[0] == "tests" and (last.startswith("test_") or last == "conftest")


FILES = sorted(TESTS.rglob("*.py"))


def test_the_suite_has_files_to_check():
    assert len(FILES) > 100


@pytest.mark.parametrize("rule", ["test module or conftest imported", "star import"])
def test_no_module_under_tests_breaks_the_rule(rule):
    found = [
        f"{path.relative_to(ROOT)}:{line}: {module}"
        for path in FILES
        for line, module, star in _imports(path)
        if (star if rule == "star import" else _is_test_module(module))
    ]
    assert found == [], f"{rule}: move the shared code to tests/support or a conftest fixture"
