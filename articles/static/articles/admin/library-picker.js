// The editor's media library window: a chosen picture goes into the body of the editor that
// opened this window, as a figure with its description, caption and credit; then the window
// and the editor's picture dialog close. Text is set as text, never parsed as HTML.
(function () {
  "use strict";
  var params = new URLSearchParams(window.location.search);
  var editorName = params.get("CKEditor");
  var opener = window.opener;
  var ckeditor = null;
  try {
    ckeditor = opener && opener.CKEDITOR;
  } catch (error) {
    ckeditor = null; // an opener of another origin
  }
  var editor = ckeditor && editorName ? ckeditor.instances[editorName] : null;

  function figureHtml(data) {
    var figure = document.createElement("figure");
    var img = document.createElement("img");
    img.setAttribute("src", data.src);
    img.setAttribute("alt", data.alt || "");
    if (data.width) img.setAttribute("width", data.width);
    if (data.height) img.setAttribute("height", data.height);
    figure.appendChild(img);
    var words = [data.caption, data.credit].filter(Boolean).join(" — ");
    if (words) {
      var caption = document.createElement("figcaption");
      caption.textContent = words;
      figure.appendChild(caption);
    }
    return figure.outerHTML;
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (!editor) {
      var error = document.getElementById("library-error");
      if (error) error.hidden = false;
      return;
    }
    document.querySelectorAll(".library-choice").forEach(function (button) {
      button.addEventListener("click", function () {
        var dialog = ckeditor.dialog && ckeditor.dialog.getCurrent();
        if (dialog) dialog.hide();
        editor.focus();
        editor.insertHtml(figureHtml(button.dataset));
        window.close();
      });
    });
  });
})();
