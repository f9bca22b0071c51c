"""Rules every part's framework code follows (STYLE.md): checked on the source itself."""

import ast
import pathlib

import pytest

ROOT = pathlib.Path(__file__).parents[1]
PARTS = ["part1", "part2", "part3", "part4", "part5", "part6", "part7"]
FRAMEWORK_FILES = sorted(
    path
    for part in PARTS
    for path in (ROOT / part).glob("*.py")
    if path.name != "sample.py"
)
# The layer of each module: a module imports only from lower layers.
LAYERS = {
    "types": 0,
    "http_responses": 1,
    "background_tasks": 1,
    "exceptions": 2,
    "request_data": 3,
    "router": 4,
    "api_router": 4,
    "middleware": 4,
    "websocket": 4,  # Part 7: imports request_data, exceptions and types
    "params": 5,  # Parts 6-7: imports the router, api_router and (Part 7) websocket
    "app": 6,
    "sample": 7,
}


def relative_imports(tree: ast.Module) -> list[str]:
    """Run-time imports: the module body's, not those under `if TYPE_CHECKING:`."""
    return [
        node.module for node in tree.body if isinstance(node, ast.ImportFrom) and node.level == 1
    ]


@pytest.mark.parametrize("path", FRAMEWORK_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_print_and_no_assert_in_framework_code(path) -> None:
    tree = ast.parse(path.read_text())
    calls = [
        n.func.id
        for n in ast.walk(tree)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
    ]
    assert "print" not in calls
    assert not any(isinstance(node, ast.Assert) for node in ast.walk(tree))


@pytest.mark.parametrize("part", PARTS)
def test_modules_import_only_lower_layers_of_their_own_part(part) -> None:
    for path in (ROOT / part).glob("*.py"):
        if path.stem == "__init__":
            continue
        tree = ast.parse(path.read_text())
        for module in relative_imports(tree):
            assert LAYERS[module] < LAYERS[path.stem], f"{part}/{path.name} imports .{module}"
        absolute = [
            n
            for n in ast.walk(tree)
            if isinstance(n, (ast.Import, ast.ImportFrom)) and getattr(n, "level", 0) == 0
        ]
        for node in absolute:
            names = (
                [node.module] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
            )
            assert not any(name.split(".")[0].startswith("part") for name in names)


@pytest.mark.parametrize("part", [part for part in PARTS if (ROOT / part / "types.py").exists()])
def test_types_imports_nothing_from_its_part_not_even_for_type_checking(part) -> None:
    """types.py is the ground floor: even a TYPE_CHECKING import from the part
    would tie it in a loop with the modules that import it."""
    tree = ast.parse((ROOT / part / "types.py").read_text())
    relative = [n for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.level > 0]
    assert relative == [], [n.module for n in relative]


@pytest.mark.parametrize("part", PARTS)
def test_package_docstring_says_what_the_stage_adds(part) -> None:
    docstring = ast.get_docstring(ast.parse((ROOT / part / "__init__.py").read_text()))
    assert docstring.startswith(f"Part {part[-1]}:")
    assert 2 <= len(docstring.splitlines()) <= 6


@pytest.mark.parametrize("part", PARTS)
def test_part_files_hold_code_and_no_section_markers(part) -> None:
    """The site includes code by symbol name, so the files carry no markers."""
    for path in (ROOT / part).iterdir():
        if path.name == "__pycache__":
            continue
        assert path.suffix == ".py", f"{part} holds {path.name}, which is not code"
        assert "--8<--" not in path.read_text(), f"{path} has a section marker"


def test_each_solution_is_type_checked_on_its_own(tmp_path, capsys) -> None:
    """`make lint` runs mypy on every exercise solution through tools.mypy_each:
    a type error in any one of them fails the whole check."""
    from tools import mypy_each

    bad = tmp_path / "solution"
    bad.mkdir()
    (bad / "__init__.py").write_text('count: int = "three"\n')
    good = ROOT / "exercises" / "part1" / "01-head-requests" / "solution"
    assert mypy_each.main([str(good), str(bad)]) == 1
    assert 'incompatible types in assignment (expression has type "str"' in (
        capsys.readouterr().out.lower()
    )
