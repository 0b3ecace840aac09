"""The plan every chapter follows (see templates/chapter.ipynb), as checks of a notebook's cells.

`problems(cells, topic, previous, following)` lists what a chapter lacks; the tests in
test_notebooks.py call it for every chapter and for the template.
"""

import ast
import builtins
import re

HIDDEN = {"remove-input", "remove-cell"}
SECTIONS = ("## The lecture's claim", "## Checking the lecture", "## Exercises", "## Summary",
            "## References")
# The list at the end of a page: every work the page cites (book/_ext/citations.py).
REFERENCES = "```{references}\n```"
EXERCISE = re.compile(r"```\{exercise\} (?P<title>[^\n]*)\n:label: (?P<label>\S+)")
LEVEL = re.compile(r"\((easy|medium|hard), \d+ min\)")


def source(cell) -> str:
    return "".join(cell["source"])


def tags(cell) -> list[str]:
    return cell.get("metadata", {}).get("tags", [])


def markdown(cells) -> str:
    return "\n\n".join(source(c) for c in cells if c["cell_type"] == "markdown")


def _has_image(cell) -> bool:
    return any("image/png" in o.get("data", {}) for o in cell.get("outputs", []))


def problems(cells, topic: str, previous: str, following: str | None) -> list[str]:
    """What the chapter `cells` lacks of the plan; `topic` is its ledger topic, `previous` and
    `following` the documents before and after it in the table of contents."""
    found = []
    text = markdown(cells)
    first = source(cells[0])
    if not re.match(r"# (\d+|N)\. ", first) or "**What you will learn**" not in first:
        found.append("the first cell must hold the '# N. Title' and **What you will learn**")
    if not any("takeaways(" in source(c) for c in cells[:5] if c["cell_type"] == "code"):
        found.append("a takeaways box (page.takeaways) must come within the first five cells")
    positions = [text.find(section) for section in SECTIONS]
    for section, position in zip(SECTIONS, positions):
        if position < 0:
            found.append(f"missing section {section!r}")
    if all(p >= 0 for p in positions) and positions != sorted(positions):
        found.append(f"sections must come in the order {SECTIONS}")
    if not any(re.search(r"sp\.symbols?\(|sp\.Symbol\(", source(c)) for c in cells):
        found.append("no SymPy derivation (sp.symbols or sp.Symbol)")
    figures = [c for c in cells if c["cell_type"] == "code" and "explorer()" not in source(c)
               and (_has_image(c) or "figure" in c.get("metadata", {}).get("mystnb", {}))]
    if not figures:
        found.append("no numbered figure")
    for cell in figures:
        figure = cell.get("metadata", {}).get("mystnb", {}).get("figure", {})
        if len(figure.get("caption", "")) < 40 or not figure.get("name"):
            found.append(f"figure cell {source(cell)[:40]!r} needs a caption that says what to "
                         f"see (40+ characters) and a name")
        if len(cell.get("outputs", [])) > 1:
            found.append(f"figure cell {source(cell)[:40]!r} must show the figure alone (one "
                         f"output): myst-nb numbers each output of a figure cell")
    if not any(source(c).strip().endswith("explorer()") for c in cells):
        found.append("no widget (a cell ending in explorer())")
    if f"({topic}-checks)=" not in text:
        found.append(f"'## Checking the lecture' must carry the label ({topic}-checks)=")
    if not any(f'ledger.table("{topic}")' in source(c) for c in cells):
        found.append(f'the checks must be rendered by ledger.table("{topic}")')
    exercises = EXERCISE.findall(text)
    if len(exercises) < 5:
        found.append(f"{len(exercises)} exercises; the plan asks for 5 or more")
    for title, label in exercises:
        if not LEVEL.search(title):
            found.append(f"exercise {label}: its title must end in '(easy|medium|hard, N min)'")
        if f"{{solution-start}} {label}" not in text and "open problem" not in title.lower():
            found.append(f"exercise {label} has no solution")
    if not any("pencil and paper" in t.lower() for t, _ in exercises):
        found.append("no pencil-and-paper exercise (say 'pencil and paper' in its title)")
    if not any("open problem" in t.lower() for t, _ in exercises):
        found.append("no open problem (say 'open problem' in its title)")
    found += _pencil_problems(cells, exercises)
    summary = text[text.find("## Summary"):text.find("## References")]
    for neighbour in (previous, following):
        if neighbour and f"{{doc}}`{neighbour}`" not in summary and \
                not re.search(r"\{doc\}`[^`]*<" + re.escape(neighbour) + ">`", summary):
            found.append(f"the summary must link to {neighbour} with {{doc}}")
    if REFERENCES not in text[text.find("## References"):]:
        found.append(f"the references section must hold the page's list:\n{REFERENCES}")
    return found


def _pencil_problems(cells, exercises) -> list[str]:
    """The pencil-and-paper solution shows its arithmetic in prose before any code cell."""
    labels = [label for title, label in exercises if "pencil and paper" in title.lower()]
    found = []
    for label in labels:
        start = next((i for i, c in enumerate(cells)
                      if f"{{solution-start}} {label}" in source(c)), None)
        if start is None:
            continue
        after = source(cells[start]).split(f"{{solution-start}} {label}", 1)[1]
        if not re.search(r"\d\s*[×x*/÷]\s*\d|=", after):
            found.append(f"exercise {label}: its solution must show the arithmetic in prose "
                         f"before any code")
    return found


def _defined(tree) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names |= {(a.asname or a.name).split(".")[0] for a in node.names}
    return names


def _read(tree) -> set[str]:
    return {node.id for node in ast.walk(tree)
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)}


def _parse(code: str):
    """The cell as Python, with IPython's % and ! lines read as `pass`."""
    lines = [line[:len(line) - len(line.lstrip())] + "pass"
             if line.lstrip().startswith(("%", "!")) else line for line in code.splitlines()]
    return ast.parse("\n".join(lines))


def hidden_dependencies(cells) -> list[str]:
    """Names that a visible code cell reads but only a hidden cell defines."""
    visible, hidden, found = set(dir(builtins)) | {"display", "get_ipython"}, set(), []
    for index, cell in enumerate(cells):
        if cell["cell_type"] != "code":
            continue
        tree = _parse(source(cell))
        if HIDDEN & set(tags(cell)):
            hidden |= _defined(tree) - visible
            continue
        missing = (_read(tree) - _defined(tree) - visible) & hidden
        found += [f"cell {index} reads {name!r}, defined only in a hidden cell"
                  for name in sorted(missing)]
        visible |= _defined(tree)
    return found
