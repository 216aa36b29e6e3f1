/* The article's embeds and galleries; without this script an embed is a link and a gallery a list
   of pictures.

   Embeds (articles/embeds.py): nothing is asked of the provider until the reader presses the
   embed's button; then its player is framed from the provider's own address, built here from the
   provider and id the page names (checked again: the page's policy frames only those players). */
;(() => {
  const PLAYERS = {
    youtube: (id, start) => `https://www.youtube-nocookie.com/embed/${id}?autoplay=1${start ? `&start=${start}` : ""}`,
    vimeo: (id) => `https://player.vimeo.com/video/${id}?autoplay=1&dnt=1`,
    telegram: (id) => `https://t.me/${id}?embed=1`,
    instagram: (id) => `https://www.instagram.com/p/${id}/embed/`,
    x: (id) => `https://platform.twitter.com/embed/Tweet.html?id=${id}&dnt=true`,
    facebook: (id) =>
      `https://www.facebook.com/plugins/video.php?show_text=false&href=${encodeURIComponent(`https://www.facebook.com/watch/?v=${id}`)}`,
  }
  const NAMES = { youtube: "YouTube", vimeo: "Vimeo", telegram: "Telegram", instagram: "Instagram", x: "X", facebook: "Facebook" }
  const VIDEOS = new Set(["youtube", "vimeo", "facebook"])
  const ID = /^[A-Za-z0-9_-]{1,40}(\/[0-9]{1,12})?$/
  const labels = document.querySelector(".body[data-embed-play]")?.dataset || {}

  // Live entries that arrive later are prepared too (static/js/live.js calls window.newsEmbeds).
  const prepare = (root) => {
    for (const figure of root.querySelectorAll("figure.embed[data-embed]:not(.embed-ready)")) {
      const provider = figure.dataset.embed
      const id = figure.dataset.embedId || ""
      const start = parseInt(figure.dataset.embedStart || "0", 10) || 0
      const link = figure.querySelector("a")
      if (!PLAYERS[provider] || !ID.test(id) || !link) continue
      const title = link.textContent.trim()
      const button = document.createElement("button")
      button.type = "button"
      button.className = "embed-play"
      const action = VIDEOS.has(provider) ? labels.embedPlay || "Play" : labels.embedShow || "Show the post"
      button.textContent = title && title !== NAMES[provider] ? `${action}: ${title}` : `${action} (${NAMES[provider]})`
      const note = document.createElement("span")
      note.className = "embed-note"
      note.textContent = (labels.embedNote || "Opens a player from {provider}.").replace("{provider}", NAMES[provider])
      figure.classList.add("embed-ready", `embed-${VIDEOS.has(provider) ? "video" : "post"}`)
      figure.prepend(button, note)
      button.addEventListener("click", () => {
        const frame = document.createElement("iframe")
        frame.src = PLAYERS[provider](id, start)
        frame.title = `${NAMES[provider]}: ${title}`
        frame.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen"
        frame.allowFullscreen = true
        frame.referrerPolicy = "strict-origin-when-cross-origin"
        figure.classList.add("embed-playing")
        button.replaceWith(frame)
        note.remove()
        frame.focus()
      })
    }
  }
  prepare(document)
  window.newsEmbeds = prepare

  // Posts tell their frame's height (Telegram: {event: "resize", height}; Instagram: {type: "MEASURE",
  // details: {height}}; X: a resize method with [{height}]): the frame follows, within bounds.
  const ORIGINS = new Set(["https://t.me", "https://www.instagram.com", "https://platform.twitter.com"])
  window.addEventListener("message", (event) => {
    if (!ORIGINS.has(event.origin)) return
    let data = event.data
    try {
      if (typeof data === "string") data = JSON.parse(data)
    } catch {
      return
    }
    const height = data?.height ?? data?.details?.height ?? data?.twttr?.embed?.params?.[0]?.height ?? data?.params?.[0]?.height
    if (!Number.isFinite(Number(height))) return
    for (const frame of document.querySelectorAll("figure.embed iframe")) {
      if (frame.contentWindow === event.source) frame.style.height = `${Math.min(Math.max(Number(height), 120), 2000)}px`
    }
  })
})()

/* Galleries: a viewer of our own in a <dialog> (focus stays inside, Esc closes it): arrows and buttons
   go from photo to photo, a swipe too. Each thumbnail stays a link to the large picture. */
;(() => {
  for (const gallery of document.querySelectorAll("[data-gallery]")) {
    const items = [...gallery.querySelectorAll("[data-gallery-item]")]
    if (!items.length || !window.HTMLDialogElement) continue
    const text = gallery.dataset
    const dialog = document.createElement("dialog")
    dialog.className = "viewer"
    dialog.setAttribute("aria-label", gallery.querySelector("h2")?.textContent.trim() || "")
    dialog.innerHTML =
      '<div class="viewer-bar"><span class="viewer-count" aria-live="polite"></span><div class="viewer-nav">' +
      '<button type="button" data-go="-1">←</button><button type="button" data-go="1">→</button>' +
      '<button type="button" data-close>✕</button></div></div>' +
      '<div class="viewer-stage"><img alt=""></div><p class="viewer-caption"></p>'
    const [previous, next] = dialog.querySelectorAll("[data-go]")
    const close = dialog.querySelector("[data-close]")
    previous.setAttribute("aria-label", text.labelPrevious || "Previous")
    next.setAttribute("aria-label", text.labelNext || "Next")
    close.setAttribute("aria-label", text.labelClose || "Close")
    const image = dialog.querySelector("img")
    const caption = dialog.querySelector(".viewer-caption")
    const count = dialog.querySelector(".viewer-count")
    document.body.append(dialog)
    let current = 0

    const show = (index) => {
      current = (index + items.length) % items.length
      const item = items[current]
      const thumb = item.querySelector("img")
      image.src = item.dataset.src
      image.srcset = item.dataset.srcset || ""
      image.sizes = "100vw"
      image.width = Number(item.dataset.width) || 800
      image.height = Number(item.dataset.height) || 600
      image.alt = thumb?.alt || ""
      caption.textContent = item.closest("figure")?.querySelector("figcaption")?.textContent.trim() || ""
      count.textContent = (text.labelOf || "{n} / {total}").replace("{n}", current + 1).replace("{total}", items.length)
    }
    items.forEach((item, index) =>
      item.addEventListener("click", (event) => {
        event.preventDefault()
        show(index)
        dialog.showModal()
        next.focus()
      }),
    )
    previous.addEventListener("click", () => show(current - 1))
    next.addEventListener("click", () => show(current + 1))
    close.addEventListener("click", () => dialog.close())
    dialog.addEventListener("close", () => items[current].focus())
    dialog.addEventListener("keydown", (event) => {
      if (event.key === "ArrowLeft") show(current - 1)
      else if (event.key === "ArrowRight") show(current + 1)
      else return
      event.preventDefault()
    })
    let startX = null
    const stage = dialog.querySelector(".viewer-stage")
    stage.addEventListener("pointerdown", (event) => (startX = event.clientX))
    stage.addEventListener("pointerup", (event) => {
      if (startX === null) return
      const distance = event.clientX - startX
      startX = null
      if (Math.abs(distance) > 40) show(current + (distance < 0 ? 1 : -1))
    })
  }
})()
