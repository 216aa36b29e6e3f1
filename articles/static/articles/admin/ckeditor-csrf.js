/* Sends Django's CSRF token with every CKEditor upload, so the upload
   endpoint can keep CSRF protection (the stock django-ckeditor one is exempt). */
;(() => {
  function token() {
    const field = document.querySelector("input[name=csrfmiddlewaretoken]")
    return field ? field.value : ""
  }

  function attach(editor) {
    editor.on("fileUploadRequest", (event) => {
      event.data.fileLoader.xhr.setRequestHeader("X-CSRFToken", token())
    })
  }

  function hook() {
    if (!window.CKEDITOR) return false
    for (const name in window.CKEDITOR.instances) attach(window.CKEDITOR.instances[name])
    window.CKEDITOR.on("instanceCreated", (event) => attach(event.editor))
    return true
  }

  if (!hook()) document.addEventListener("DOMContentLoaded", hook)
})()
