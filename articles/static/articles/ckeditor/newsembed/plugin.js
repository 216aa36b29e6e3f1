/* The editor's "Embed" button: asks for a video's or a post's address and puts it on a line of its own,
   which the server makes an embed on save (articles/embeds.py). Nothing of the provider is loaded here. */
CKEDITOR.plugins.add("newsembed", {
  icons: "newsembed",
  init(editor) {
    const lang = (editor.config.language || "en").slice(0, 2)
    const ask = {
      ru: "Адрес видео или поста (YouTube, Vimeo, Telegram, Instagram, X, Facebook):",
      uz: "Video yoki post manzili (YouTube, Vimeo, Telegram, Instagram, X, Facebook):",
    }[lang] || "Address of the video or post (YouTube, Vimeo, Telegram, Instagram, X, Facebook):"
    editor.addCommand("newsembed", {
      exec(editor) {
        const url = (window.prompt(ask) || "").trim()
        if (!/^https?:\/\/\S+$/.test(url)) return
        const paragraph = new CKEDITOR.dom.element("p")
        const link = new CKEDITOR.dom.element("a")
        link.setAttribute("href", url)
        link.setText(url)
        paragraph.append(link)
        editor.insertElement(paragraph)
      },
    })
    editor.ui.addButton("NewsEmbed", { label: { ru: "Встроить", uz: "Joylash" }[lang] || "Embed", command: "newsembed", toolbar: "insert" })
  },
})
