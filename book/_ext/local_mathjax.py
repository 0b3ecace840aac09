"""Serve MathJax from the site itself, so that formulas render with no internet connection.

MathJax 3 comes from the django-static-mathjax package on PyPI (it has no dependencies and does
not need Django). Only the parts the book uses are copied: the TeX-to-HTML component and its
fonts. `mathjax_path` in _config.yml points at the copy.
"""

import shutil
from importlib import resources
from pathlib import Path

FILES = ("tex-chtml.js", "output/chtml/fonts/woff-v2")


def copy_mathjax(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    source = resources.files("mathjax") / "static" / "mathjax" / "es5"
    target = Path(app.outdir) / "_static" / "mathjax"
    for name in FILES:
        if (source / name).is_dir():
            shutil.copytree(source / name, target / name, dirs_exist_ok=True)
        else:
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source / name, target / name)


def setup(app):
    app.connect("build-finished", copy_mathjax)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
