// Material puts each code block's copy button in a <nav class="md-code__nav">, which makes one
// unnamed navigation landmark per code block (axe-core: landmark-unique). A copy button is not
// site navigation, so the element loses its landmark role; the button inside keeps its name.
// Material builds these in the browser, hence a script and not the page's HTML.
(function () {
  const SELECTOR = "nav.md-code__nav:not([role])";

  function unmark(node) {
    if (node.nodeType !== Node.ELEMENT_NODE) return;
    if (node.matches(SELECTOR)) node.setAttribute("role", "none");
    node.querySelectorAll(SELECTOR).forEach(function (nav) {
      nav.setAttribute("role", "none");
    });
  }

  new MutationObserver(function (records) {
    records.forEach(function (record) {
      record.addedNodes.forEach(unmark);
    });
  }).observe(document.body, { childList: true, subtree: true });
  unmark(document.body);
})();
