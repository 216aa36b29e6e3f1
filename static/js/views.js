/* Counts this reader's view of the article: one beacon per page view.
   Readers without JavaScript are counted by the <noscript> pixel instead. */
;(() => {
  const article = document.querySelector("[data-count-url]")
  if (!article) return
  const url = article.getAttribute("data-count-url")
  if (!(navigator.sendBeacon && navigator.sendBeacon(url))) {
    fetch(url, { method: "POST", keepalive: true, credentials: "same-origin" }).catch(() => {})
  }
})()
