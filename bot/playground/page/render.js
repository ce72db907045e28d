// One message as Discord draws it: author, text, images, buttons and selects, and what only
// you can see. Buttons are <button>s labelled as on Discord; images are <img>s of the real
// file at its true size (narrowed only to fit the column), a click opens it full size.

import { escapeHtml, markdown } from "./markdown.js";

const COLOURS = ["#5865f2", "#3ba55c", "#faa61a", "#ed4245", "#eb459e", "#57f287", "#1abc9c"];

function colour(id) {
  let sum = 0;
  for (const c of id) sum = (sum * 31 + c.charCodeAt(0)) % 1000003;
  return COLOURS[sum % COLOURS.length];
}

function el(tag, attributes = {}, children = []) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (key === "class") node.className = value;
    else if (key === "html") node.innerHTML = value;
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

function when(iso) {
  const date = new Date(iso);
  const today = new Date().toDateString() === date.toDateString();
  const time = date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  return today ? `Today at ${time}` : `${date.toLocaleDateString()} ${time}`;
}

function attachmentsOf(message, ctx) {
  if (!message.attachments.length) return null;
  return el(
    "div",
    { class: "attachments" },
    message.attachments.map((a) => {
      const image = (a.content_type || "").startsWith("image/");
      if (!image) {
        return el("a", { class: "file", href: a.url, target: "_blank", rel: "noopener", text: `📎 ${a.filename}` });
      }
      const img = el("img", {
        class: "attachment",
        src: a.url,
        alt: a.filename,
        title: `${a.filename}${a.width ? ` · ${a.width}×${a.height}` : ""} · click to open full size`,
        width: a.width,
        height: a.height,
        onclick: () => ctx.openImage(a),
      });
      return el("div", { class: a.filename.startsWith("SPOILER_") ? "spoiler" : "" }, [img]);
    }),
  );
}

function emoji(component) {
  return component.emoji && component.emoji.name ? `${component.emoji.name} ` : "";
}

function button(message, component, ctx) {
  const label = `${emoji(component)}${component.label || ""}`.trim();
  if (component.style === 6) {
    // A premium button: Discord draws it from the SKU (the bot may send no label).
    const name = (ctx.state && ctx.state.skus && ctx.state.skus[component.sku_id]) || "a pack";
    return el("button", {
      type: "button",
      class: "btn style-6",
      "data-sku-id": component.sku_id,
      disabled: Boolean(component.disabled),
      text: `🛒 Buy ${name}`,
      onclick: (event) => ctx.buy(message, component, event.currentTarget),
    });
  }
  if (component.style === 5) {
    return el("a", { class: "btn style-5", href: component.url, target: "_blank", rel: "noopener", text: `${label} ↗` });
  }
  return el("button", {
    type: "button",
    class: `btn style-${component.style || 2}`,
    "data-custom-id": component.custom_id,
    disabled: Boolean(component.disabled),
    text: label,
    onclick: (event) => ctx.click(message, component, event.currentTarget),
  });
}

function selectChoices(component, ctx) {
  const defaults = new Set((component.default_values || []).map((v) => String(v.id)));
  const server = ctx.state.server;
  switch (component.type) {
    case 3:
      return (component.options || []).map((o) => ({
        value: o.value,
        label: `${emoji(o)}${o.label}${o.description ? ` — ${o.description}` : ""}`,
        selected: Boolean(o.default),
      }));
    case 5:
      return server.members.filter((m) => !m.bot).map((m) => ({ value: m.id, label: m.name, selected: defaults.has(m.id) }));
    case 6:
      return server.roles.map((r) => ({ value: r.id, label: `@${r.name}`, selected: defaults.has(r.id) }));
    case 7:
      return [
        ...server.members.filter((m) => !m.bot).map((m) => ({ value: m.id, label: m.name, selected: defaults.has(m.id) })),
        ...server.roles.map((r) => ({ value: r.id, label: `@${r.name}`, selected: defaults.has(r.id) })),
      ];
    case 8:
      return server.channels.map((c) => ({ value: c.id, label: `#${c.name}`, selected: defaults.has(c.id) }));
    default:
      return [];
  }
}

function select(message, component, ctx) {
  const multiple = (component.max_values || 1) > 1;
  const choices = selectChoices(component, ctx);
  const placeholder = component.placeholder || "Make a selection";
  const node = el("select", {
    "aria-label": placeholder,
    "data-custom-id": component.custom_id,
    disabled: Boolean(component.disabled),
    multiple,
  });
  if (!multiple) {
    node.append(el("option", { value: "", disabled: true, selected: !choices.some((c) => c.selected), text: placeholder }));
  }
  for (const choice of choices) {
    node.append(el("option", { value: choice.value, selected: choice.selected, text: choice.label }));
  }
  const send = () => ctx.select(message, component, [...node.selectedOptions].map((o) => o.value).filter(Boolean));
  if (!multiple) {
    node.addEventListener("change", send);
    return node;
  }
  const done = el("button", { type: "button", class: "btn style-2", text: "Done", onclick: send });
  return el("span", { class: "row" }, [node, done]);
}

function componentsOf(message, ctx) {
  if (!message.components.length) return null;
  return el(
    "div",
    { class: "rows" },
    message.components.map((row) =>
      el(
        "div",
        { class: "row", role: "group" },
        (row.components || []).map((c) => (c.type === 2 ? button(message, c, ctx) : select(message, c, ctx))),
      ),
    ),
  );
}

export function renderMessage(message, ctx) {
  const author = message.author;
  const header = el("div", { class: "header" }, [
    el("span", { class: "author", text: author.name }),
    author.bot ? el("span", { class: "tag", text: author.app ? "APP" : "BOT" }) : null,
    el("time", { class: "time", datetime: message.timestamp, text: when(message.timestamp) }),
  ]);
  const reply = message.reference
    ? el("div", { class: "reply-to", text: `↪ ${message.reference.author}: ${message.reference.snippet}` })
    : null;
  const content = message.content
    ? el("div", { class: "content", html: markdown(message.content, message.mentions) }, [
        message.edited ? el("span", { class: "edited", text: "(edited)" }) : null,
      ])
    : null;
  const thinking = message.loading
    ? el("div", { class: "thinking", text: `${ctx.state.server.bot.name} is thinking…` })
    : null;
  const onlyYou = message.ephemeral ? el("div", { class: "only-you", text: "👁 Only you can see this" }) : null;
  const more = el("button", {
    type: "button",
    class: "menu-button",
    "aria-label": "More (apps)",
    title: "Apps",
    text: "⋯",
    onclick: (event) => ctx.openMenu(message, event),
  });
  return el(
    "li",
    {
      class: `message${message.ephemeral ? " ephemeral" : ""}`,
      "data-id": message.id,
      "data-author": author.name,
      oncontextmenu: (event) => ctx.openMenu(message, event),
    },
    [
      el("div", { class: "avatar", style: `background:${colour(author.id)}`, "aria-hidden": "true", text: author.name.slice(0, 1).toUpperCase() }),
      el("div", { class: "body" }, [reply, header, content, thinking, attachmentsOf(message, ctx), componentsOf(message, ctx), onlyYou]),
      more,
    ],
  );
}

export { el, escapeHtml };
