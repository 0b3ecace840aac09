"""The API reference (book/api.md) documents every module of the package, and every public
function and class has a docstring for it to show."""

import importlib
import inspect
import re
from pathlib import Path

import pytest

import llm_napkin

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = Path(llm_napkin.__file__).parent
MODULES = sorted(".".join(("llm_napkin",) + p.relative_to(PACKAGE).with_suffix("").parts)
                 .removesuffix(".__init__") for p in PACKAGE.rglob("*.py"))


def public_members(module):
    """(name, object) of the functions and classes `module` defines and does not mark private."""
    return [(name, obj) for name, obj in vars(module).items()
            if not name.startswith("_") and (inspect.isfunction(obj) or inspect.isclass(obj))
            and obj.__module__ == module.__name__]


def test_the_api_page_documents_every_module():
    documented = re.findall(r"^\.\. automodule:: (\S+)", (ROOT / "book/api.md").read_text(),
                            re.MULTILINE)
    assert sorted(documented) == MODULES
    assert "book/api" in (ROOT / "_toc.yml").read_text()


@pytest.mark.parametrize("name", MODULES)
def test_every_public_function_and_class_has_a_docstring(name):
    module = importlib.import_module(name)
    assert inspect.getdoc(module), f"{name} has no module docstring"
    # (a dataclass without a docstring gets its signature as one: that does not count)
    missing = [member for member, obj in public_members(module)
               if not obj.__doc__ or obj.__doc__.startswith(f"{member}(")]
    for member, cls in public_members(module):
        if inspect.isclass(cls):  # its own public methods and properties
            missing += [f"{member}.{name}" for name, attribute in vars(cls).items()
                        if not name.startswith("_") and (inspect.isfunction(attribute)
                                                         or isinstance(attribute, property))
                        and not attribute.__doc__]
    assert missing == [], f"{name}: no docstring for {', '.join(missing)}"
