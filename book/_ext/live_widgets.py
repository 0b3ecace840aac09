"""Serve the widgets' JavaScript from the site itself, so that widgets run with no connection.

The files come from npm (package.json and package-lock.json pin them; `make book` runs `npm ci`):
require.js, the ipywidgets HTML manager that renders the stored widget state without a kernel,
and anywidget's front end, which must be the version of the Python package that wrote the state.
They are copied into _build/html/_static/widgets after the build, outside the book's own
_static folder, whose every .js file Jupyter Book would add to every page. `nb_ipywidgets_js` in
_config.yml points pages with widgets at these copies; a page that still names a CDN fails the
build.
"""

import json
import re
import shutil
from importlib.metadata import version
from pathlib import Path

from sphinx.errors import ExtensionError

# The nearest node_modules above this file: the repository's, also for the student edition, which
# builds a copy of the book inside _build/.
NODE = next((folder / "node_modules" for folder in Path(__file__).resolve().parents
             if (folder / "node_modules").is_dir()), Path("node_modules"))
FILES = {  # served name: file under node_modules
    "require.js": "requirejs/require.js",
    "embed-amd.js": "@jupyter-widgets/html-manager/dist/embed-amd.js",
    "anywidget.js": "anywidget/dist/index.js",
}
CDNS = re.compile(r"(cdn\.jsdelivr\.net|unpkg\.com|cdnjs\.cloudflare\.com|esm\.sh)")


def check_versions() -> None:
    """anywidget's front end must match the Python package that wrote the widget state."""
    if not NODE.is_dir():
        raise ExtensionError("node_modules is missing: run `npm ci` (make book does it)")
    npm = json.loads((NODE / "anywidget" / "package.json").read_text())["version"]
    if npm != version("anywidget"):
        raise ExtensionError(f"anywidget is {version('anywidget')} in Python but {npm} in "
                             "package.json; pin the same version in both")


def copy_widgets(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    target = Path(app.outdir) / "_static" / "widgets"
    target.mkdir(parents=True, exist_ok=True)
    for name, source in FILES.items():
        shutil.copyfile(NODE / source, target / name)
    shutil.copyfile(Path(__file__).with_name("widgets_config.js"), target / "config.js")
    # The manager's icon fonts (woff2 is enough). It looks for them beside its own module, which
    # widgets_config.js places here; now and then it resolves them against the page instead, and
    # every page with widgets lives in book/, so a second copy sits there.
    for fonts in (target / "html-manager" / "dist",
                  Path(app.outdir) / "book" / "@jupyter-widgets" / "html-manager" / "dist"):
        fonts.mkdir(parents=True, exist_ok=True)
        for font in (NODE / "@jupyter-widgets/html-manager/dist").glob("*.woff2"):
            shutil.copyfile(font, fonts / font.name)
    offenders = sorted(str(page.relative_to(app.outdir)) for page in Path(app.outdir).rglob("*.html")
                       if CDNS.search(page.read_text(encoding="utf-8")))
    if offenders:
        raise ExtensionError(f"pages reference a CDN: {', '.join(offenders)}")


def setup(app):
    check_versions()
    app.connect("build-finished", copy_widgets)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
