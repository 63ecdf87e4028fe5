// The app's HTTP API, seen from the widget: JSON calls, SSE streams and downloads, all to the widget's own server.
import { readEvents } from "./sse.js";

export class ApiError extends Error {
  constructor(status, body) {
    const error = (body && body.error) || {};
    super(error.message || `request failed (${status})`);
    this.status = status;
    this.code = error.code || "http_error";
    this.body = body;
  }
}

export class Client {
  /** base: the server's origin; key: publishable widget key (optional on a loopback server without keys). */
  constructor({ base, key, userToken, anonymousId }) {
    this.base = base.replace(/\/$/, "");
    this.key = key || "";
    this.userToken = userToken || "";
    this.anonymousId = anonymousId || "";
  }

  headers(extra) {
    const headers = { ...extra };
    if (this.key) headers["X-Widget-Key"] = this.key;
    if (this.userToken) headers["X-Widget-User"] = this.userToken;
    else if (this.anonymousId) headers["X-Widget-Anonymous"] = this.anonymousId;
    return headers;
  }

  async request(method, path, body, { signal, accept = "application/json", headers = {} } = {}) {
    const init = { method, signal, headers: this.headers({ Accept: accept, ...headers }), credentials: "omit", mode: "cors" };
    if (body !== undefined) {
      init.body = JSON.stringify(body);
      init.headers["Content-Type"] = "application/json";
    }
    let response;
    try {
      response = await fetch(this.base + path, init);
    } catch (err) {
      if (err && err.name === "AbortError") throw err;
      // Chromium says the same for a server that is down and for one that refuses this page's origin (CORS).
      const message = `cannot reach the assistant at ${this.base}: check your connection; if that is fine, the server is down or does not accept this page (ask the site's owner)`;
      throw new ApiError(0, { error: { code: "network", message } });
    }
    if (!response.ok) {
      let payload = null;
      try {
        payload = await response.json();
      } catch {
        /* not JSON */
      }
      throw new ApiError(response.status, this.explain(response.status, payload));
    }
    return response;
  }

  /** A refusal of this page's key (401) in words for the person using the widget, not for an API client: the server's
   * own text for a keyless call tells API clients to send a Bearer key, which a widget must never do. */
  explain(status, payload) {
    if (status !== 401) return payload;
    const said = (payload && payload.error && payload.error.message) || "unauthorized";
    const message = this.key
      ? `the assistant refused this page: ${said}. Ask the site's owner to check the widget's key and its allowed origins.`
      : "the assistant is not set up for this page: it needs a widget key (data-key=\"pk_…\" on the widget's script tag). Ask the site's owner.";
    return { ...payload, error: { ...((payload && payload.error) || {}), code: (payload && payload.error && payload.error.code) || "unauthorized", message } };
  }

  async json(method, path, body, options) {
    const response = await this.request(method, path, body, options);
    return response.status === 204 ? null : response.json();
  }

  /** POST with Accept: text/event-stream; onEvent({id, event, data}) per frame. Resolves when the stream ends. */
  async stream(path, body, { signal, onEvent, onOpen, headers = {} }) {
    const response = await this.request("POST", path, body, { signal, accept: "text/event-stream", headers });
    if (onOpen) onOpen(response);
    await readEvents(response, onEvent);
  }

  /** GET a stored stream again from after lastEventId (the server waits for an unfinished answer to finish). */
  async replay(path, lastEventId, { signal, onEvent }) {
    const headers = lastEventId ? { "Last-Event-ID": String(lastEventId) } : {};
    const response = await this.request("GET", path, undefined, { signal, accept: "text/event-stream", headers });
    await readEvents(response, onEvent);
  }

  async download(path, filename) {
    const response = await this.request("GET", path, undefined, { accept: "*/*" });
    const url = URL.createObjectURL(await response.blob());
    const a = document.createElement("a");
    a.href = url;
    a.download = filename;
    a.rel = "noopener";
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 30000);
  }
}
