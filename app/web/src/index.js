// Entry point: `<script src="https://HOST/widget.js" data-key="pk_…" defer></script>` mounts a floating widget;
// `MLLensWidget.mount({...})` mounts one with options (title, colors, position, mode, container for inline mode).
import { Widget } from "./widget.js";
import { claimTag } from "./page.js";

const script = document.currentScript;
const fromTag = script
  ? {
      server: new URL(script.src, location.href).origin,
      key: script.dataset.key || "",
      userToken: script.dataset.userToken || "",
      title: script.dataset.title,
      mode: script.dataset.mode,
      position: script.dataset.position,
    }
  : { server: location.origin };
let current = null;

function mount(options = {}) {
  const merged = { ...fromTag, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) };
  if (typeof merged.container === "string") merged.container = document.querySelector(merged.container);
  if (options.container !== undefined && !merged.container) throw new Error("MLLensWidget.mount: container not found");
  if (current) current.unmount();
  current = new Widget(merged);
  return { unmount: () => (current && current.unmount(), (current = null)), open: () => current.open(), close: () => current.close() };
}

// The same tag twice (a template that includes the loader twice): one widget, and a warning for the page's developer.
// Tags with different settings each get a widget of their own, with its own saved place (widget.js).
const signature = script ? JSON.stringify([script.src, { ...script.dataset }]) : null;
const duplicate = signature !== null && !claimTag(signature);
if (duplicate) console.warn("ML Lens widget: widget.js is included twice with the same settings; the second copy is ignored.");
else window.MLLensWidget = { mount, version: "0.1.0" };

// Mount automatically unless the page mounts it itself (data-mount="manual", or a mount() call before the DOM is ready).
if (!duplicate && (!script || script.dataset.mount !== "manual")) {
  const auto = () => current || mount();
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", auto);
  else setTimeout(auto, 0);
}
