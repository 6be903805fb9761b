// MathJax 3 configuration for pages written with pymdownx.arithmatex (generic mode) and for
// notebook cells rendered by mkdocs-jupyter. MathJax itself is served from this site.
window.MathJax = {
  tex: {
    inlineMath: [["\\(", "\\)"], ["$", "$"]],
    displayMath: [["\\[", "\\]"], ["$$", "$$"]],
    processEscapes: true,
    processEnvironments: true,
  },
  options: {
    // Typeset only arithmatex spans and notebook Markdown cells; ignore everything else
    // (code, the navigation). Material's usual ".*|" would also skip notebook cells.
    ignoreHtmlClass: "[^ ]+",
    processHtmlClass: "arithmatex|jp-RenderedMarkdown",
    // Screen readers read a formula from the hidden MathML copy MathJax puts beside the glyphs
    // (<mjx-assistive-mml>); on by default in MathJax 3, stated here so it stays on.
    enableAssistiveMml: true,
  },
};

// Material's instant navigation swaps page content without a reload. The first emission of
// document$ happens while MathJax is still starting (typesetting then would blank every
// formula), so skip it and chain later re-typesets on MathJax's startup promise.
(function () {
  let first = true;
  if (typeof document$ === "undefined") return;
  document$.subscribe(function () {
    if (first) {
      first = false;
      return;
    }
    MathJax.startup.promise = MathJax.startup.promise.then(function () {
      MathJax.startup.output.clearCache();
      MathJax.typesetClear();
      MathJax.texReset();
      return MathJax.typesetPromise();
    });
  });
})();
