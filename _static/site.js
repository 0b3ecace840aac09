/* Wide tables and figures scroll inside their own box, with a cue while there is more to see
   (the rules are in site.css). Jupyter Book adds every .js file in _static/ to every page.

   Each table and each figure image of the article gets a scroll box (tables already have the
   theme's) inside a .scroll-cue div. The cue div carries "scrolls" while its box is narrower than
   what it holds, and "more-left" / "more-right" while something is hidden on that side. */
(function () {
  "use strict";

  const ITEMS = ".bd-article table, .bd-article figure img, .bd-article .cell_output img";

  function wrap(element, className) {
    const div = document.createElement("div");
    div.className = className;
    element.parentNode.insertBefore(div, element);
    div.appendChild(element);
    return div;
  }

  function scrollBox(item) {
    const parent = item.parentElement;
    if (parent.classList.contains("pst-scrollable-table-container")) {
      parent.classList.add("scroll-box");
      return parent;
    }
    return wrap(item, "scroll-box");
  }

  function mark(cue, box) {
    const hidden = box.scrollWidth - box.clientWidth;
    cue.classList.toggle("scrolls", hidden > 1);
    cue.classList.toggle("more-left", hidden > 1 && box.scrollLeft > 1);
    cue.classList.toggle("more-right", hidden > 1 && box.scrollLeft < hidden - 1);
  }

  function setUp() {
    const boxes = new Map();  // each observed element (box or item) -> [cue, box]
    const observer = new ResizeObserver((entries) => {
      entries.forEach((entry) => mark(...boxes.get(entry.target)));
    });
    document.querySelectorAll(ITEMS).forEach((item) => {
      if (item.closest(".scroll-box")) {
        return;  // inside a table or figure that has its box already
      }
      const box = scrollBox(item);
      const cue = wrap(box, "scroll-cue");
      box.addEventListener("scroll", () => mark(cue, box), { passive: true });
      [box, item].forEach((element) => {
        boxes.set(element, [cue, box]);
        observer.observe(element);
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
