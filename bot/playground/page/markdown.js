// Discord's markdown, the part the bot writes: bold, italics, underline, strike, code,
// quotes, headings, subtext (-#), links, mentions and timestamps (<t:unix:style>).
// Text is escaped first: nothing a message says becomes markup by accident.

const escapes = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => escapes[c]);
}

function timestamp(seconds, style) {
  const date = new Date(Number(seconds) * 1000);
  const options = {
    t: { timeStyle: "short" },
    T: { timeStyle: "medium" },
    d: { dateStyle: "short" },
    D: { dateStyle: "long" },
    f: { dateStyle: "long", timeStyle: "short" },
    F: { dateStyle: "full", timeStyle: "short" },
  };
  if (style === "R") {
    const diff = (date.getTime() - Date.now()) / 1000;
    const units = [["year", 31536000], ["month", 2592000], ["day", 86400], ["hour", 3600], ["minute", 60], ["second", 1]];
    const [unit, size] = units.find(([, s]) => Math.abs(diff) >= s) || ["second", 1];
    return new Intl.RelativeTimeFormat(undefined, { numeric: "auto" }).format(Math.round(diff / size), unit);
  }
  return new Intl.DateTimeFormat(undefined, options[style] || options.f).format(date);
}

function inline(text, mentions) {
  const codes = [];
  let html = escapeHtml(text).replace(/`([^`]+)`/g, (_, code) => {
    codes.push(`<code>${code}</code>`);
    return `\u0000${codes.length - 1}\u0000`;
  });
  html = html
    .replace(/\[([^\]]+)\]\((https?:\/\/[^\s)]+)\)/g, '<a href="$2" target="_blank" rel="noopener">$1</a>')
    .replace(/(^|[\s(])(https?:\/\/[^\s<]+)/g, '$1<a href="$2" target="_blank" rel="noopener">$2</a>')
    .replace(/\*\*(.+?)\*\*/g, "<strong>$1</strong>")
    .replace(/__(.+?)__/g, "<u>$1</u>")
    .replace(/\*(.+?)\*/g, "<em>$1</em>")
    .replace(/(^|\W)_(.+?)_(?=\W|$)/g, "$1<em>$2</em>")
    .replace(/~~(.+?)~~/g, "<s>$1</s>")
    .replace(/&lt;(@&amp;|@!?|#)(\d+)&gt;/g, (_, kind, id) => {
      const name = mentions[id] || (kind === "#" ? "unknown-channel" : "unknown");
      const sign = kind === "#" ? "#" : "@";
      return `<span class="mention">${sign}${escapeHtml(name)}</span>`;
    })
    .replace(/&lt;t:(-?\d+)(?::([tTdDfFR]))?&gt;/g, (_, seconds, style) => {
      const iso = new Date(Number(seconds) * 1000).toISOString();
      return `<time class="timestamp" datetime="${iso}">${escapeHtml(timestamp(seconds, style || "f"))}</time>`;
    });
  return html.replace(/\u0000(\d+)\u0000/g, (_, i) => codes[Number(i)]);
}

// Markdown to HTML; ``mentions`` maps ids to the names the page shows for them.
export function markdown(text, mentions = {}) {
  const blocks = String(text).split(/```/);
  return blocks
    .map((block, i) => {
      if (i % 2 === 1) {
        return `<pre><code>${escapeHtml(block.replace(/^[a-z]*\n/, ""))}</code></pre>`;
      }
      return block
        .split("\n")
        .map((line) => {
          let m;
          if ((m = line.match(/^-# (.*)$/))) return `<span class="subtext">${inline(m[1], mentions)}</span>`;
          if ((m = line.match(/^(#{1,3}) (.*)$/))) {
            const level = m[1].length;
            return `<h${level}>${inline(m[2], mentions)}</h${level}>`;
          }
          if ((m = line.match(/^> (.*)$/))) return `<blockquote>${inline(m[1], mentions)}</blockquote>`;
          return inline(line, mentions);
        })
        .join("\n")
        .replace(/<\/(h[123]|blockquote)>\n/g, "</$1>");
    })
    .join("");
}
