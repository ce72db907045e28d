// The playground's page: a Discord-like server where you act as one of its people and the
// real bot answers. Everything you do goes to the playground's API; everything that changes
// arrives over one WebSocket, so several tabs see the same channel live.

import { Composer } from "./composer.js";
import { el, renderMessage } from "./render.js";

const $ = (id) => document.getElementById(id);

const ctx = {
  state: null,
  messages: new Map(),
  me: sessionStorage.getItem("pg-person") || "",
  channelId: sessionStorage.getItem("pg-channel") || "",
  socket: null,
  retry: 500,
  said: [], // every notice shown, newest last
  get channel() {
    return this.state && this.state.server.channels.find((c) => c.id === this.channelId);
  },
};

// -- talking to the playground ----------------------------------------------------------

function toast(text) {
  ctx.said.push(text);
  const node = el("div", { class: "toast", role: "alert", text });
  $("toasts").append(node);
  setTimeout(() => node.remove(), 6000);
}

async function answer(response) {
  let body = {};
  try {
    body = await response.json();
  } catch {
    body = { error: `The playground answered ${response.status}.` };
  }
  if (!response.ok) {
    toast(body.error || `The playground answered ${response.status}.`);
    return null;
  }
  return body;
}

ctx.post = async (path, body) => {
  try {
    const response = await fetch(path, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ as: ctx.me, ...body }),
    });
    return await answer(response);
  } catch {
    toast("The playground is not reachable right now.");
    return null;
  }
};

ctx.postForm = async (path, form) => {
  try {
    return await answer(await fetch(path, { method: "POST", body: form }));
  } catch {
    toast("The playground is not reachable right now.");
    return null;
  }
};

ctx.toast = toast;

// -- what people do -------------------------------------------------------------------

ctx.click = async (message, component, node) => {
  node.classList.add("pending");
  setTimeout(() => node.classList.remove("pending"), 3500);
  await ctx.post("/api/click", { message: message.id, custom_id: component.custom_id });
};

ctx.buy = async (message, component, node) => {
  node.classList.add("pending");
  setTimeout(() => node.classList.remove("pending"), 3500);
  const answer = await ctx.post("/api/buy", { message: message.id, sku_id: component.sku_id });
  if (answer) toast("Bought (free in the playground): the bot hears of it from Discord.");
};

ctx.select = async (message, component, values) => {
  await ctx.post("/api/select", { message: message.id, custom_id: component.custom_id, values });
};

ctx.openImage = (attachment) => {
  $("lightbox-image").src = attachment.url;
  $("lightbox-image").alt = attachment.filename;
  $("lightbox-link").href = attachment.url;
  $("lightbox-link").textContent = `Open original (${attachment.width || "?"}×${attachment.height || "?"}, ${attachment.filename})`;
  $("lightbox").showModal();
};
$("lightbox").addEventListener("click", (event) => {
  if (event.target.tagName !== "A") $("lightbox").close();
});

ctx.openMenu = (message, event) => {
  event.preventDefault();
  const menu = $("context-menu");
  const apps = ctx.state.commands.filter((c) => c.type === 3);
  menu.replaceChildren(
    el("div", { class: "heading", text: "Apps" }),
    ...apps.map((command) =>
      el("button", {
        type: "button",
        role: "menuitem",
        text: command.name,
        onclick: async () => {
          menu.hidden = true;
          await ctx.post("/api/message-command", { name: command.name, message: message.id });
        },
      }),
    ),
  );
  if (!apps.length) menu.append(el("div", { class: "heading", text: "(the bot has no message commands)" }));
  menu.style.left = `${Math.min(event.clientX, window.innerWidth - 200)}px`;
  menu.style.top = `${Math.min(event.clientY, window.innerHeight - 120)}px`;
  menu.hidden = false;
  const first = menu.querySelector("button");
  if (first) first.focus();
};
document.addEventListener("click", (event) => {
  if (!$("context-menu").contains(event.target) && !event.target.classList.contains("menu-button")) {
    $("context-menu").hidden = true;
  }
});
document.addEventListener("keydown", (event) => {
  if (event.key === "Escape") $("context-menu").hidden = true;
});

// -- forms the bot opens (modals) ---------------------------------------------------------

function openModal(interaction, modal) {
  const fields = [];
  for (const row of modal.components || []) {
    const items = row.type === 18 ? [{ ...row.component, label: row.label, description: row.description }] : row.components || [];
    for (const item of items.filter((i) => i.type === 4)) fields.push(item);
  }
  $("modal-title").textContent = modal.title;
  $("modal-error").hidden = true;
  $("modal-fields").replaceChildren(
    ...fields.map((field) => {
      const attrs = {
        id: `field-${field.custom_id}`,
        "data-custom-id": field.custom_id,
        placeholder: field.placeholder,
        required: field.required !== false,
        maxlength: field.max_length,
        minlength: field.min_length,
      };
      const input = field.style === 2 ? el("textarea", attrs) : el("input", { ...attrs, type: "text" });
      input.value = field.value || "";
      return el("div", {}, [
        el("label", { for: attrs.id, text: field.label || field.custom_id }),
        field.description ? el("p", { class: "field-description", text: field.description }) : null,
        input,
      ]);
    }),
  );
  const dialog = $("modal");
  dialog.dataset.interaction = interaction;
  dialog.showModal();
}

$("modal-cancel").addEventListener("click", () => $("modal").close());
$("modal-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const values = {};
  for (const input of $("modal-fields").querySelectorAll("[data-custom-id]")) values[input.dataset.customId] = input.value;
  const result = await ctx.post("/api/modal", { interaction: $("modal").dataset.interaction, values });
  if (result) $("modal").close();
});

// -- drawing ----------------------------------------------------------------------------

function nearBottom(list) {
  return list.scrollHeight - list.scrollTop - list.clientHeight < 120;
}

function byId(a, b) {
  return BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0;
}

function showMessage(message) {
  ctx.messages.set(message.id, message);
  if (message.channel_id !== ctx.channelId) return;
  const list = $("messages");
  const stick = nearBottom(list);
  const node = renderMessage(message, ctx);
  const old = list.querySelector(`[data-id="${message.id}"]`);
  if (old) {
    old.replaceWith(node);
  } else {
    const after = [...list.children].find((li) => byId(li.dataset.id, message.id) > 0);
    list.insertBefore(node, after || null);
  }
  if (stick) list.scrollTop = list.scrollHeight;
}

function drawChannel() {
  const channel = ctx.channel;
  $("channel-name").textContent = channel.name;
  $("channel-topic").textContent = channel.watched
    ? `Images that bots post here get Upscale buttons (a watched channel)`
    : `Try /upscale with an image, /credits, or right-click an image → Apps → Upscale image`;
  $("generator-bar").hidden = !channel.watched;
  for (const button of $("channels").querySelectorAll("button")) {
    button.setAttribute("aria-current", String(button.dataset.channel === ctx.channelId));
  }
  const list = $("messages");
  list.replaceChildren(
    ...[...ctx.messages.values()].filter((m) => m.channel_id === ctx.channelId).sort((a, b) => byId(a.id, b.id)).map((m) => renderMessage(m, ctx)),
  );
  list.scrollTop = list.scrollHeight;
  composer.setPlaceholder(channel);
}

function drawServer() {
  const server = ctx.state.server;
  $("server-name").textContent = server.name;
  $("generator-name").textContent = server.generator.name;
  $("channels").replaceChildren(
    ...server.channels.map((c) =>
      el("li", {}, [
        el("button", { type: "button", "data-channel": c.id, onclick: () => switchChannel(c.id) }, [
          `# ${c.name}`,
          c.watched ? el("span", { class: "badge", text: "watched" }) : null,
        ]),
      ]),
    ),
  );
  $("person").replaceChildren(
    ...server.people.map((p) => el("option", { value: p.id, selected: p.id === ctx.me, text: `${p.name} (${p.role})` })),
  );
}

function showOnline(online) {
  const status = $("bot-status");
  const name = ctx.state ? ctx.state.server.bot.name : "upscale-bot";
  status.textContent = online ? `${name} is online` : `${name} is offline`;
  status.classList.toggle("offline", !online);
}

function switchChannel(id) {
  ctx.channelId = id;
  sessionStorage.setItem("pg-channel", id);
  composer.reset();
  drawChannel();
}

$("person").addEventListener("change", () => {
  document.body.dataset.ready = "false";
  ctx.me = $("person").value;
  sessionStorage.setItem("pg-person", ctx.me);
  composer.reset();
  connect();
});

$("generate-one").addEventListener("click", () => ctx.post("/api/generator", { images: "one" }));
$("generate-four").addEventListener("click", () => ctx.post("/api/generator", { images: "four" }));

// -- the live connection ------------------------------------------------------------------

async function loadState() {
  const response = await fetch(`/api/state?as=${encodeURIComponent(ctx.me)}`);
  if (!response.ok) throw new Error(`state ${response.status}`);
  ctx.state = await response.json();
  ctx.messages = new Map(ctx.state.messages.map((m) => [m.id, m]));
  if (!ctx.channel) ctx.channelId = ctx.state.server.channels[0].id;
  drawServer();
  drawChannel();
  showOnline(ctx.state.online);
}

function connect() {
  if (ctx.socket) {
    ctx.socket.onclose = null;
    ctx.socket.close();
  }
  const url = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/api/live?as=${encodeURIComponent(ctx.me)}`;
  const socket = new WebSocket(url);
  ctx.socket = socket;
  socket.onopen = async () => {
    ctx.retry = 500;
    $("connection").hidden = true;
    try {
      await loadState();
      document.body.dataset.ready = "true";
    } catch (error) {
      toast(`Could not load the channel: ${error.message}`);
    }
  };
  socket.onmessage = (event) => {
    const data = JSON.parse(event.data);
    if (data.type === "message") showMessage(data.message);
    else if (data.type === "delete") {
      ctx.messages.delete(data.id);
      const node = $("messages").querySelector(`[data-id="${data.id}"]`);
      if (node) node.remove();
    } else if (data.type === "modal") openModal(data.interaction, data.modal);
    else if (data.type === "failed") toast(`${data.text} (${data.what}).`);
    else if (data.type === "bot") showOnline(data.online);
    else if (data.type === "commands" && ctx.state) ctx.state.commands = data.commands;
  };
  socket.onclose = () => {
    document.body.dataset.ready = "false";
    $("connection").hidden = false;
    showOnline(false);
    setTimeout(ctx.me ? connect : start, ctx.retry);
    ctx.retry = Math.min(ctx.retry * 2, 5000);
  };
}

async function start() {
  // Who am I: the person this tab was, else the first person of the playground.
  const probe = await fetch("/api/people").then((r) => r.json()).catch(() => null);
  if (!probe) {
    $("connection").hidden = false;
    setTimeout(start, 1000);
    return;
  }
  if (!probe.people.some((p) => p.id === ctx.me)) ctx.me = probe.people[0].id;
  sessionStorage.setItem("pg-person", ctx.me);
  connect();
}

const composer = new Composer(ctx);
window.playground = ctx; // for the curious, in the browser's console
start();
