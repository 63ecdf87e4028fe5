// What the widgets on one page share, even across copies of widget.js (the loader included twice, or two tags with
// different settings): the script tags already loaded, the saved places in use and the launcher slots on each side.
// Kept on `window` under a registered symbol, so every copy of the bundle finds the same record.
const KEY = Symbol.for("mllens.widget.page");

function page() {
  if (!window[KEY]) window[KEY] = { tags: new Set(), places: new Set(), slots: { left: [], right: [] } };
  return window[KEY];
}

/** True the first time a script tag with these settings loads; false for a duplicate include of the same tag. */
export function claimTag(signature) {
  const { tags } = page();
  if (tags.has(signature)) return false;
  tags.add(signature);
  return true;
}

/** The saved place of a widget: the first one of a server, key and user keeps the plain namespace (what a page with
 * one widget always had, so an upgrade keeps its users' place); another gets its own, named after its settings, so
 * two widgets never share a conversation, review, tab or open state. `release()` on unmount. */
export function claimPlace(base, settings) {
  const { places } = page();
  let name = places.has(base) ? `${base}|${settings}` : base;
  for (let n = 2; places.has(name); n += 1) name = `${base}|${settings}|${n}`;
  places.add(name);
  return { name, release: () => places.delete(name) };
}

export const SLOTS_CHANGED = "mllens:slots";

/** A floating launcher's slot on its side of the page: 0 at the bottom, 1 above it, and so on. Every widget hears of
 * a slot taken or given back (SLOTS_CHANGED on window), to keep its open panel above the launchers on its side. */
export function claimSlot(side) {
  const taken = page().slots[side];
  let slot = 0;
  while (taken.includes(slot)) slot += 1;
  taken.push(slot);
  window.dispatchEvent(new Event(SLOTS_CHANGED));
  return { slot, release: () => (taken.splice(taken.indexOf(slot), 1), window.dispatchEvent(new Event(SLOTS_CHANGED))) };
}

/** The highest launcher slot in use on a side (0 when there is one launcher or none). */
export function topSlot(side) {
  return Math.max(0, ...page().slots[side]);
}
