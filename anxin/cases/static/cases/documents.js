/* Forms A–G: a signature pad on a <canvas>, and sections shown only for the choice that needs
   them. No third-party code. Without JavaScript every section shows and a scan can be uploaded. */
(function () {
  "use strict";

  var INK = "#1b2a2a";

  function SignaturePad(root) {
    var canvas = root.querySelector("canvas");
    // Forms A–G name theirs client_signature; a document-engine kind marks its own.
    var value = root.querySelector("input[type=hidden][data-signature-value]") ||
      root.querySelector("input[type=hidden][name$='client_signature']");
    var kind = root.querySelector("input[type=hidden][data-signature-kind]") ||
      root.querySelector("input[type=hidden][name$='client_signature_kind']");
    var file = root.querySelector("input[type=file]");
    var clear = root.querySelector("[data-signature-clear]");
    var context = canvas.getContext("2d");
    var drawing = false;
    var last = null;
    var width = 0;

    function paintBlank() {
      context.save();
      context.setTransform(1, 0, 0, 1, 0, 0);
      context.fillStyle = "#fff";
      context.fillRect(0, 0, canvas.width, canvas.height);
      context.restore();
      root.classList.remove("has-signature");
    }

    function paintImage(source) {
      var image = new Image();
      image.onload = function () {
        var w = canvas.clientWidth, h = canvas.clientHeight;
        var scale = Math.min(w / image.width, h / image.height);
        var dw = image.width * scale, dh = image.height * scale;
        paintBlank();
        context.drawImage(image, (w - dw) / 2, (h - dh) / 2, dw, dh);
        root.classList.add("has-signature");
      };
      image.src = source;
    }

    // The canvas is sized to its box in device pixels, so strokes stay sharp on a phone; a
    // drawing already made (or kept from a refused save) is painted back after a resize.
    function resize() {
      if (!canvas.clientWidth || canvas.clientWidth === width) {
        return;
      }
      width = canvas.clientWidth;
      var ratio = Math.max(window.devicePixelRatio || 1, 1);
      canvas.width = Math.round(canvas.clientWidth * ratio);
      canvas.height = Math.round(canvas.clientHeight * ratio);
      context.setTransform(ratio, 0, 0, ratio, 0, 0);
      paintBlank();
      if (value.value) {
        paintImage(value.value);
      }
    }

    function point(event) {
      var box = canvas.getBoundingClientRect();
      return {x: event.clientX - box.left, y: event.clientY - box.top};
    }

    function stroke(from, to) {
      context.strokeStyle = INK;
      context.lineWidth = 2.5;
      context.lineCap = "round";
      context.lineJoin = "round";
      context.beginPath();
      context.moveTo(from.x, from.y);
      context.lineTo(to.x, to.y);
      context.stroke();
    }

    function save() {
      value.value = canvas.toDataURL("image/png");
      kind.value = "drawn";
      root.classList.add("has-signature");
    }

    function reset() {
      paintBlank();
      value.value = "";
      kind.value = "drawn";
      if (file) {
        file.value = "";
      }
    }

    canvas.addEventListener("pointerdown", function (event) {
      if (event.pointerType === "mouse" && event.button !== 0) {
        return;
      }
      event.preventDefault();
      // Drawing over a scan's preview starts a fresh signature.
      if (kind.value === "scan" || (file && file.value)) {
        reset();
      }
      canvas.setPointerCapture(event.pointerId);
      drawing = true;
      last = point(event);
      stroke(last, {x: last.x + 0.1, y: last.y + 0.1});
    });
    canvas.addEventListener("pointermove", function (event) {
      if (!drawing) {
        return;
      }
      event.preventDefault();
      var events = event.getCoalescedEvents ? event.getCoalescedEvents() : [event];
      (events.length ? events : [event]).forEach(function (each) {
        var next = point(each);
        stroke(last, next);
        last = next;
      });
    });
    function end() {
      if (drawing) {
        drawing = false;
        save();
      }
    }
    canvas.addEventListener("pointerup", end);
    canvas.addEventListener("pointercancel", end);

    clear.addEventListener("click", reset);

    if (file) {
      file.addEventListener("change", function () {
        if (!file.files.length) {
          return;
        }
        // The file itself is uploaded; the canvas only shows it.
        value.value = "";
        kind.value = "scan";
        var url = URL.createObjectURL(file.files[0]);
        paintImage(url);
      });
    }

    if (window.ResizeObserver) {
      new ResizeObserver(resize).observe(canvas);
    } else {
      window.addEventListener("resize", resize);
    }
    resize();
  }

  // <div data-show-when="mode=written"> shows only while the radio (or checkbox) `mode` has
  // one of the listed values.
  function showWhen(element) {
    var rule = element.getAttribute("data-show-when").split("=");
    var name = rule[0], values = rule[1].split(",");
    var form = element.closest("form");
    function update() {
      var chosen = Array.prototype.some.call(
        form.querySelectorAll("input[name='" + name + "']:checked"),
        function (input) { return values.indexOf(input.value) !== -1; });
      element.hidden = !chosen;
    }
    form.addEventListener("change", update);
    update();
  }

  document.querySelectorAll("[data-signature-pad]").forEach(SignaturePad);
  document.querySelectorAll("[data-show-when]").forEach(showWhen);
})();
