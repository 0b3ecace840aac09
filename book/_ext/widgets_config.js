// Loaded after require.js and before the widget manager (embed-amd.js) on pages with widgets.
// 1. Widget front ends load from this site, never from a CDN: anywidget's module is served here,
//    and the manager's own location (from which it fetches its icon fonts) is set to this folder.
// 2. The widget manager typesets labels with MathJax 2's API (MathJax.Hub.Queue); the site runs
//    MathJax 3, so a small bridge maps that call onto MathJax 3's typesetPromise.
(function () {
  const here = document.currentScript.src;
  window.requirejs.config({
    paths: {
      anywidget: new URL("anywidget", here).href,
      "@jupyter-widgets/html-manager": new URL("html-manager", here).href,
    },
  });
  window.addEventListener("load", function () {
    if (window.MathJax && !window.MathJax.Hub) {
      window.MathJax.Hub = {
        Queue: function () {
          for (const task of arguments) {
            if (Array.isArray(task) && task[0] === "Typeset" && window.MathJax.typesetPromise) {
              window.MathJax.typesetPromise([task[2]]).catch(function () {});
            }
          }
        },
      };
    }
  });
})();
