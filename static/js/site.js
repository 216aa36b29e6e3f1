/* Small enhancements; every page works without them. */
;(() => {
  document.documentElement.classList.add("js")
  for (const select of document.querySelectorAll("select[data-autosubmit]")) {
    select.addEventListener("change", () => select.form.submit())
  }
})()
