"""Four fixes to the pinned theme (sphinx-book-theme 1.3.0 on pydata-sphinx-theme 0.17.1) and Sphinx.

- The menu and contents buttons on a phone. pydata-sphinx-theme 0.17 shows its own top bar, with a
  search field, unless `navbar_persistent` is set. The book theme leaves that bar empty, so on a
  desktop it holds only a second search field, and on a phone its hidden menu and contents
  buttons come first in the page: both themes' scripts find buttons by class and take the first,
  so the buttons a reader sees do nothing. With the setting empty the bar is not drawn at all.
- The colour mode. With none given, a first visit logs "Got invalid theme mode" (an error) before
  falling back to "auto"; this says "auto".
- Each script once per page. Sphinx 7.4 lists an inline script (a body, no file) twice when an
  extension adds it after the builder has started, as sphinx-thebe and sphinx-togglebutton do:
  once with no file name and once with an empty one, which do not compare equal. The second copy
  of sphinx-thebe's `const THEBE_JS_URL = ...` fails in the browser ("Identifier 'THEBE_JS_URL'
  has already been declared").
- No thebe. Jupyter Book always loads sphinx-thebe, whose script names thebe's bundle on unpkg.com
  on every page; the book's launch buttons open Binder and Colab instead, so the page needs
  neither the script nor the address (the site must reach no other host).

Settings the book gives itself in _config.yml win over the first two.
"""


def theme_defaults(app, config) -> None:
    """No top bar and the "auto" colour mode, unless the configuration says otherwise."""
    config.html_theme_options.setdefault("navbar_persistent", [])
    config.html_context.setdefault("default_mode", "auto")


def _key(script) -> tuple:
    return (script.filename or "", script.priority, tuple(sorted(script.attributes.items())))


def _thebe(script) -> bool:
    return "thebe" in (script.filename or "") or "THEBE_JS_URL" in script.attributes.get("body", "")


def drop_repeated_scripts(app, pagename, templatename, context, doctree) -> None:
    """Keep the first of scripts that differ only by a missing versus an empty file name, and
    drop sphinx-thebe's."""
    if "script_files" not in context:
        return
    seen, kept = set(), []
    for script in context["script_files"]:
        if _key(script) not in seen and not _thebe(script):
            seen.add(_key(script))
            kept.append(script)
    context["script_files"] = kept


def setup(app):
    app.connect("config-inited", theme_defaults)
    app.connect("html-page-context", drop_repeated_scripts, priority=900)  # after the others
    return {"parallel_read_safe": True, "parallel_write_safe": True}
