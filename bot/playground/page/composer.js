// The message bar: text and files, or "/" and the bot's slash commands with their options
// (a file picker for attachments, menus for choices, people, roles and channels, and the
// bot's own suggestions where it offers them).

import { el } from "./render.js";

const SUB_COMMAND = 1;
const GROUP = 2;

// Every runnable form of a command: "/credits", "/credits-admin grant", ...
function entries(commands) {
  const found = [];
  for (const command of commands.filter((c) => c.type === 1)) {
    const subs = command.options.filter((o) => o.type === SUB_COMMAND || o.type === GROUP);
    if (!subs.length) {
      found.push({ name: command.name, description: command.description, options: command.options });
      continue;
    }
    for (const sub of subs) {
      if (sub.type === SUB_COMMAND) {
        found.push({ name: `${command.name} ${sub.name}`, description: sub.description, options: sub.options || [] });
      } else {
        for (const leaf of sub.options || []) {
          found.push({ name: `${command.name} ${sub.name} ${leaf.name}`, description: leaf.description, options: leaf.options || [] });
        }
      }
    }
  }
  return found;
}

export class Composer {
  constructor(ctx) {
    this.ctx = ctx;
    this.form = document.getElementById("composer");
    this.input = document.getElementById("message-input");
    this.list = document.getElementById("command-list");
    this.commandForm = document.getElementById("command-form");
    this.optionsBox = document.getElementById("command-options");
    this.fileInput = document.getElementById("file-input");
    this.preview = document.getElementById("attachments-preview");
    this.files = [];
    this.command = null;
    this.suggestTimer = null;
    this.input.addEventListener("input", () => this.showCommands());
    this.input.addEventListener("keydown", (event) => {
      if (event.key === "Escape") this.reset();
    });
    this.fileInput.addEventListener("change", () => {
      this.files = [...this.fileInput.files];
      this.showFiles();
    });
    document.getElementById("command-cancel").addEventListener("click", () => this.reset());
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.send();
    });
  }

  setPlaceholder(channel) {
    this.input.placeholder = `Message #${channel.name} — or type / for ${this.ctx.state.server.bot.name}'s commands`;
  }

  showFiles() {
    this.preview.replaceChildren(...this.files.map((f) => el("span", { class: "chip", text: `📎 ${f.name}` })));
  }

  showCommands() {
    const text = this.input.value;
    if (this.command || !text.startsWith("/")) {
      this.list.hidden = true;
      return;
    }
    const typed = text.slice(1).toLowerCase();
    const matches = entries(this.ctx.state.commands).filter((e) => e.name.startsWith(typed) || e.name.includes(typed));
    this.list.replaceChildren(
      el("div", { class: "section-title", text: `${this.ctx.state.server.bot.name}'s commands` }),
      ...matches.map((entry) =>
        el("button", { type: "button", role: "option", "data-command": entry.name, onclick: () => this.choose(entry) }, [
          el("strong", { text: `/${entry.name}` }),
          el("span", { class: "description", text: entry.description }),
        ]),
      ),
    );
    this.list.hidden = matches.length === 0;
  }

  choose(entry) {
    this.command = entry;
    this.list.hidden = true;
    this.input.value = "";
    this.input.placeholder = `Press Enter (or Send) to run /${entry.name}`;
    document.getElementById("command-name").textContent = `/${entry.name}`;
    this.optionsBox.replaceChildren(...entry.options.map((o) => this.optionField(o)));
    this.commandForm.hidden = false;
    const first = this.optionsBox.querySelector("input, select");
    (first || this.input).focus();
  }

  optionField(option) {
    const server = this.ctx.state.server;
    const attrs = { "data-option": option.name, "aria-label": option.name, required: Boolean(option.required) };
    let input;
    const choices = (list) => [
      el("option", { value: "", text: option.required ? "Pick one" : "(none)" }),
      ...list.map(([value, label]) => el("option", { value, text: label })),
    ];
    switch (option.type) {
      case 11:
        input = el("input", { ...attrs, type: "file", accept: "image/*" });
        break;
      case 5:
        input = el("select", attrs, choices([["true", "True"], ["false", "False"]]));
        break;
      case 6:
        input = el("select", attrs, choices(server.members.filter((m) => !m.bot).map((m) => [m.id, m.name])));
        break;
      case 7:
        input = el("select", attrs, choices(server.channels.map((c) => [c.id, `#${c.name}`])));
        break;
      case 8:
        input = el("select", attrs, choices(server.roles.map((r) => [r.id, `@${r.name}`])));
        break;
      case 9:
        input = el("select", attrs, choices([...server.members.map((m) => [m.id, m.name]), ...server.roles.map((r) => [r.id, `@${r.name}`])]));
        break;
      default:
        if (option.choices && option.choices.length) {
          input = el("select", attrs, choices(option.choices.map((c) => [String(c.value), c.name])));
        } else if (option.type === 4 || option.type === 10) {
          input = el("input", { ...attrs, type: "number", step: option.type === 4 ? 1 : "any", min: option.min_value, max: option.max_value });
        } else {
          input = el("input", { ...attrs, type: "text", maxlength: option.max_length, minlength: option.min_length });
          if (option.autocomplete) this.suggest(option, input);
        }
    }
    return el("label", { class: "option", title: option.description }, [
      el("span", { class: "name" }, [option.name, option.required ? el("span", { class: "required", text: " *" }) : null]),
      input,
      el("span", { text: option.description }),
    ]);
  }

  suggest(option, input) {
    const list = el("datalist", { id: `suggest-${option.name}` });
    input.setAttribute("list", list.id);
    input.after(list);
    const ask = async () => {
      const answer = await this.ctx.post("/api/autocomplete", {
        command: this.command.name,
        channel: this.ctx.channelId,
        focused: option.name,
        value: input.value,
      });
      if (answer && answer.choices) {
        list.replaceChildren(...answer.choices.map((c) => el("option", { value: String(c.value), text: c.name })));
      }
    };
    input.addEventListener("focus", ask, { once: true });
    input.addEventListener("input", () => {
      clearTimeout(this.suggestTimer);
      this.suggestTimer = setTimeout(ask, 250);
    });
  }

  reset() {
    this.command = null;
    this.commandForm.hidden = true;
    this.list.hidden = true;
    this.optionsBox.replaceChildren();
    this.input.value = "";
    this.files = [];
    this.fileInput.value = "";
    this.showFiles();
    if (this.ctx.channel) this.setPlaceholder(this.ctx.channel);
  }

  async send() {
    const form = new FormData();
    form.append("as", this.ctx.me);
    form.append("channel", this.ctx.channelId);
    if (this.command) {
      const options = {};
      for (const field of this.optionsBox.querySelectorAll("[data-option]")) {
        if (field.type === "file") {
          if (field.files[0]) form.append(`file:${field.dataset.option}`, field.files[0], field.files[0].name);
        } else if (field.value !== "") {
          options[field.dataset.option] = field.value;
        }
      }
      form.append("command", this.command.name);
      form.append("options", JSON.stringify(options));
      if (await this.ctx.postForm("/api/slash", form)) this.reset();
      return;
    }
    if (this.input.value.startsWith("/")) {
      this.ctx.toast("Pick one of the commands in the list, or remove the /.");
      return;
    }
    form.append("content", this.input.value);
    for (const file of this.files) form.append("files", file, file.name);
    if (await this.ctx.postForm("/api/messages", form)) this.reset();
  }
}
