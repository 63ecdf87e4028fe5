// The widget's place, kept in localStorage per server and key: conversation, transcript, review, mode, identity.
// Storage can be unavailable (privacy modes, sandboxed frames): then the widget just forgets on reload.

export class Place {
  constructor(namespace) {
    this.prefix = `mllens:${namespace}:`;
  }
  get(name, fallback = null) {
    try {
      const raw = localStorage.getItem(this.prefix + name);
      return raw === null ? fallback : JSON.parse(raw);
    } catch {
      return fallback;
    }
  }
  set(name, value) {
    try {
      if (value === null || value === undefined) localStorage.removeItem(this.prefix + name);
      else localStorage.setItem(this.prefix + name, JSON.stringify(value));
    } catch {
      /* storage full or blocked: keep working without it */
    }
  }
}

export function randomId(prefix = "") {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return prefix + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

export function anonymousId(place) {
  let id = place.get("anonymous");
  if (!id || !/^[A-Za-z0-9_-]{16,64}$/.test(id)) {
    id = randomId("anon_");
    place.set("anonymous", id);
  }
  return id;
}
