"""The printed book: what the PDF (``make pdf``, the LaTeX builder) leaves out of the site.

Only for LaTeX output, the site is unchanged:

- code cells tagged ``html-only`` (the widgets' ``explorer()`` cells: code that means nothing on
  paper; the figure of each widget's default view stays);
- paragraphs and list items that begin with one of ``print_omit_paragraphs`` (the "Try it" prose
  about live sessions and the launch button);
- the exercises' solutions (the printed book is the classroom handout; the solutions stay in the
  site's dropdowns);
- the bibliography page's own heading and prose: LaTeX gathers every citation into one
  bibliography chapter of its own at the end, which would leave that page empty.
"""

from docutils import nodes
from sphinx.application import Sphinx


def is_solution(node) -> bool:
    return type(node).__name__ == "solution_node"


def prune(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if app.builder.format != "latex":
        return
    prefixes = tuple(app.config.print_omit_paragraphs)
    doomed = []
    for node in doctree.findall(nodes.Element):
        if isinstance(node, nodes.container) and "tag_html-only" in node.get("classes", []):
            doomed.append(node)
        elif is_solution(node):
            doomed.append(node)
        elif isinstance(node, (nodes.paragraph, nodes.list_item)) and prefixes \
                and node.astext().lstrip().startswith(prefixes):
            doomed.append(node)
    for node in doomed:
        if node.parent is not None:
            node.parent.remove(node)
    for section in list(doctree.findall(nodes.section)):
        title = section.next_node(nodes.title)
        if title is not None and title.astext().strip() == "Bibliography":
            keep = [child for child in section.children
                    if not isinstance(child, (nodes.title, nodes.paragraph))]
            section.replace_self(keep)


def setup(app: Sphinx) -> dict:
    app.add_config_value("print_omit_paragraphs", [], "env")
    app.connect("doctree-resolved", prune)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
