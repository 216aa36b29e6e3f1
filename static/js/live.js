/* Live coverage: new entries appear by themselves. Every data-live-poll seconds (while the tab is
   visible) the page asks its endpoint for entries after the newest it has, and puts them on top;
   the answer is cached for every reader alike. Without this script a reload shows everything. */
;(() => {
  const section = document.querySelector("section.live[data-live-url]")
  if (!section || !("fetch" in window)) return
  const list = section.querySelector(".live-entries")
  const status = section.querySelector(".live-status")
  const seconds = Math.max(parseInt(section.dataset.livePoll || "20", 10) || 20, 1)
  let latest = parseInt(section.dataset.liveLatest || "0", 10) || 0
  let open = section.hasAttribute("data-live-open")
  let timer = null

  const schedule = () => {
    clearTimeout(timer)
    if (open && !document.hidden) timer = setTimeout(poll, seconds * 1000)
  }

  async function poll() {
    try {
      const response = await fetch(`${section.dataset.liveUrl}?after=${latest}`, { headers: { Accept: "application/json" } })
      if (response.ok) {
        const data = await response.json()
        if (data.count > 0) {
          const template = document.createElement("template")
          template.innerHTML = data.html // our own entries, sanitised when they were saved
          const added = [...template.content.children]
          list.prepend(...added)
          latest = data.latest
          for (const entry of added) window.newsEmbeds?.(entry)
          status.textContent = `${section.dataset.labelNew || "New entries"}: ${data.count}`
        }
        if (!data.open) open = false
      }
    } catch {
      // Offline for a moment: the next poll tries again.
    }
    schedule()
  }

  document.addEventListener("visibilitychange", () => {
    if (document.hidden) clearTimeout(timer)
    else poll()
  })
  schedule()
})()
