// Select2 (the admin's autocomplete for tags and translations) types into a search box of its own
// that has no label, so a screen reader announces a nameless field: name it after its field's label.
// A single choice's box (role combobox, with a textbox inside) is named the same way. Select2 makes
// the boxes again after each choice, hence the observer.
(function () {
  "use strict";

  var NAMELESS = ".select2-search__field:not([aria-label]), .select2-selection[role=combobox]:not([aria-label])," +
    " .select2-selection__rendered[role=textbox]:not([aria-label])";

  function nameSearchBoxes() {
    document.querySelectorAll(NAMELESS).forEach(function (box) {
      var container = box.closest(".select2-container");
      var select = container && container.previousElementSibling;
      var label = select && select.id && document.querySelector('label[for="' + select.id + '"]');
      if (label) {
        box.setAttribute("aria-label", label.textContent.replace(/:\s*$/, "").trim());
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    nameSearchBoxes();
    new MutationObserver(nameSearchBoxes).observe(document.body, { childList: true, subtree: true });
  });
})();
