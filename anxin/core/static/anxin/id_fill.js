// Registering a client: once the live check (#id-check, htmx) has read a valid ID number, put
// its birth date and sex into their fields at once. The ID number is the authority: the server
// refuses a birth date or sex that contradicts it, so what it says replaces what was there.
(function () {
  "use strict";
  function fill() {
    var check = document.getElementById("id-check");
    if (!check || !check.dataset.birthDate) { return; }
    var fields = { id_birth_date: check.dataset.birthDate, id_sex: check.dataset.sex };
    Object.keys(fields).forEach(function (id) {
      var field = document.getElementById(id);
      if (field && field.value !== fields[id]) {
        field.value = fields[id];
        field.dispatchEvent(new Event("change", { bubbles: true }));
      }
    });
  }
  document.addEventListener("htmx:afterSettle", fill);
})();
