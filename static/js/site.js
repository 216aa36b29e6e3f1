/* Small enhancements; every page works without them. */
;(() => {
  document.documentElement.classList.add("js")
  for (const select of document.querySelectorAll("select[data-autosubmit]")) {
    select.addEventListener("change", () => select.form.submit())
  }

  const header = document.querySelector("[data-site-header]")
  if (!header) return
  const phone = window.matchMedia("(max-width: 600px)")

  // The phone header's two buttons are links that work without this script (the search page, the menu
  // as the page's target); here they open their panel in place, as buttons do.
  const panels = []
  function toggleFor(link, openClass, onOpen) {
    if (!link) return
    const panel = document.getElementById(link.getAttribute("aria-controls"))
    link.setAttribute("role", "button")
    link.setAttribute("aria-expanded", "false")
    const set = (open, { focusButton = false } = {}) => {
      header.classList.toggle(openClass, open)
      link.setAttribute("aria-expanded", String(open))
      if (open) {
        for (const other of panels) if (other.link !== link) other.set(false)
        header.classList.remove("is-shrunk")
        onOpen(panel)
      } else if (focusButton) {
        link.focus()
      }
    }
    const entry = { link, panel, set, isOpen: () => header.classList.contains(openClass) }
    panels.push(entry)
    link.addEventListener("click", (event) => {
      if (!phone.matches) return
      event.preventDefault()
      set(!entry.isOpen())
    })
    link.addEventListener("keydown", (event) => {
      if (event.key === " ") {
        event.preventDefault()
        link.click()
      }
    })
    return entry
  }

  toggleFor(header.querySelector("[data-search-toggle]"), "search-open", (panel) => panel.querySelector("input").focus())
  const menu = toggleFor(header.querySelector("[data-menu-toggle]"), "menu-open", (panel) => {
    const first = panel.querySelector("a, select, button")
    if (first) first.focus()
  })
  if (menu) {
    for (const close of menu.panel.querySelectorAll("[data-menu-close]")) {
      close.addEventListener("click", (event) => {
        if (!phone.matches) return
        event.preventDefault()
        menu.set(false, { focusButton: true })
      })
    }
  }
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return
    for (const entry of panels) if (entry.isOpen()) entry.set(false, { focusButton: true })
  })
  document.addEventListener("click", (event) => {
    if (header.contains(event.target)) return
    for (const entry of panels) if (entry.isOpen()) entry.set(false)
  })

  // The sections scroll sideways: a fade marks the side where more of them are, the page's own is in view.
  const sections = header.querySelector("[data-sections]")
  const strip = sections && sections.querySelector("ul")
  if (strip) {
    const mark = () => {
      const more = []
      if (strip.scrollLeft > 1) more.push("start")
      if (strip.scrollLeft + strip.clientWidth < strip.scrollWidth - 1) more.push("end")
      sections.dataset.more = more.join(" ")
    }
    const current = strip.querySelector("[aria-current]")
    if (current && phone.matches) {
      const item = current.parentElement
      if (item.offsetLeft + item.offsetWidth > strip.clientWidth) strip.scrollLeft = item.offsetLeft - 16
    }
    mark()
    strip.addEventListener("scroll", mark, { passive: true })
    window.addEventListener("resize", mark)
  }

  // On a phone the header shrinks to its logo line while the reader scrolls down, and comes back up.
  const masthead = header.querySelector(".masthead")
  let lastY = window.scrollY
  let ticking = false
  const measure = () => header.style.setProperty("--header-rest", `${header.offsetHeight - masthead.offsetHeight}px`)
  const onScroll = () => {
    ticking = false
    const y = window.scrollY
    if (!phone.matches || panels.some((entry) => entry.isOpen()) || header.contains(document.activeElement)) {
      header.classList.remove("is-shrunk")
    } else if (y > header.offsetHeight && y > lastY + 4) {
      measure()
      header.classList.add("is-shrunk")
    } else if (y < lastY - 4 || y <= 0) {
      header.classList.remove("is-shrunk")
    }
    if (Math.abs(y - lastY) > 4 || y <= 0) lastY = y
  }
  window.addEventListener("scroll", () => {
    if (!ticking) {
      ticking = true
      window.requestAnimationFrame(onScroll)
    }
  }, { passive: true })
  header.addEventListener("focusin", () => header.classList.remove("is-shrunk"))
})()
