// Small behaviours the pages declare with data attributes, so no template needs an inline
// handler (the Content-Security-Policy allows scripts from this site only).
(function () {
  "use strict";
  // <select data-autosubmit>: choosing an option submits its form (list filters).
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field.matches && field.matches("[data-autosubmit]") && field.form) {
      field.form.requestSubmit ? field.form.requestSubmit() : field.form.submit();
    }
  });
  // <input data-select-on-focus>: a link to copy is selected whole when tapped.
  document.addEventListener("focusin", function (event) {
    var field = event.target;
    if (field.matches && field.matches("[data-select-on-focus]")) { field.select(); }
  });
})();
