// Safe DOM building: every string becomes a text node; attributes are set one by one (never innerHTML).

/** h("button", {class: "btn", onclick: fn, "aria-label": "Send"}, "Send", child, [more]) -> Element. A box to type in
 * (textarea, text input) is dir="auto" unless told otherwise: Hebrew or Arabic typed there reads right to left. */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (tag === "textarea" || (tag === "input" && attrs && attrs.type === "text")) el.dir = "auto";
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") el.addEventListener(name.slice(2), value);
    else if (name === "class") el.className = value;
    else if (name === "style") el.style.cssText = value; // CSSOM, allowed under a strict style-src (attributes are not)
    else if (name === "value" || name === "checked" || name === "disabled" || name === "hidden" || name === "selected")
      el[name] = value;
    else el.setAttribute(name, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

/** A polite note under a text box that appears once its maxlength is reached: the browser cuts longer typed or pasted
 * text silently, and the person should know that the end of what they wrote was not kept. Call .check() after
 * setting the box's value from code. */
export function lengthNote(input) {
  const note = h("p", { class: "notice limit", "aria-live": "polite", hidden: true });
  const check = () => {
    const max = input.maxLength;
    const full = max > 0 && input.value.length >= max;
    note.hidden = !full;
    note.textContent = full ? `That is the ${max.toLocaleString("en")}-character limit: anything longer was cut off.` : "";
  };
  input.addEventListener("input", check);
  note.check = check;
  return note;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

/** Only https (and same-origin http on loopback) links; anything else is shown as text. */
export function safeUrl(url) {
  try {
    const parsed = new URL(url, location.href);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : null;
  } catch {
    return null;
  }
}

export function link(url, text) {
  const href = safeUrl(url);
  return href ? h("a", { href, target: "_blank", rel: "noopener noreferrer" }, text) : h("span", {}, text);
}

/** Answer text (a small Markdown subset: paragraphs, "- " lists, **bold**, https links) as text nodes only. The
 * answer's "Sources:" list folds away (the chips show the same sources); the attribution stays visible. */
export function richText(text) {
  const out = [];
  for (const block of String(text).split(/\n{2,}/)) {
    const lines = block.split("\n").filter((l) => l.trim());
    if (!lines.length) continue;
    if (lines[0] === "Sources:") {
      const items = lines.slice(1).map((l) => h("li", {}, inline(l.replace(/^\s*[-*] /, ""))));
      out.push(h("details", { class: "sources" }, h("summary", {}, `Sources (${items.length})`), h("ul", {}, items)));
      continue;
    }
    if (lines[0].startsWith("Best-practice text:")) {
      out.push(h("p", { class: "muted" }, inline(lines.join(" "))));
      continue;
    }
    const items = lines.filter((l) => /^\s*[-*] /.test(l));
    if (items.length === lines.length) {
      out.push(h("ul", {}, items.map((l) => h("li", {}, inline(l.replace(/^\s*[-*] /, ""))))));
    } else {
      out.push(h("p", {}, lines.flatMap((l, i) => (i ? [h("br"), ...inline(l)] : inline(l)))));
    }
  }
  return out;
}

function inline(line) {
  return line.split(/(\*\*[^*]+\*\*|https:\/\/[^\s)<>"]+[^\s)<>".,;:])/).map((part) => {
    if (part.startsWith("**") && part.endsWith("**") && part.length > 4) return h("strong", {}, part.slice(2, -2));
    if (part.startsWith("https://")) return link(part, part);
    return part;
  });
}

const ICONS = {
  chat: "M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z",
  up: "M2 21h4V9H2v12zm20-11a2 2 0 0 0-2-2h-6.3l1-4.6v-.3c0-.4-.2-.8-.4-1.1L13.2 1 6.6 7.6C6.2 8 6 8.5 6 9v10a2 2 0 0 0 2 2h9c.8 0 1.5-.5 1.8-1.2l3-7.1c.1-.2.2-.5.2-.7v-2z",
  down: "M22 3h-4v12h4V3zM2 14a2 2 0 0 0 2 2h6.3l-1 4.6v.3c0 .4.2.8.4 1.1l1.1 1 6.6-6.6c.4-.4.6-.9.6-1.4V5a2 2 0 0 0-2-2H7c-.8 0-1.5.5-1.8 1.2l-3 7.1c-.1.2-.2.5-.2.7v2z",
};

/** A decorative SVG icon (the button around it carries the accessible name). */
export function icon(name, size = 18) {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("width", String(size));
  svg.setAttribute("height", String(size));
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  const path = document.createElementNS(ns, "path");
  path.setAttribute("d", ICONS[name]);
  path.setAttribute("fill", "currentColor");
  svg.append(path);
  return svg;
}

let counter = 0;
export const uid = (prefix) => `${prefix}-${++counter}`;
