// Server-sent events over fetch (EventSource cannot POST): parse a response body into {id, event, data} frames.

export async function readEvents(response, onEvent) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let cut;
    while ((cut = buffer.search(/\r?\n\r?\n/)) >= 0) {
      const raw = buffer.slice(0, cut);
      buffer = buffer.slice(cut).replace(/^\r?\n\r?\n/, "");
      const frame = parseFrame(raw);
      if (frame) onEvent(frame);
    }
  }
}

export function parseFrame(raw) {
  const frame = { id: null, event: "message", data: "" };
  const data = [];
  for (const line of raw.split(/\r?\n/)) {
    if (!line || line.startsWith(":")) continue;
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
    if (field === "id") frame.id = value;
    else if (field === "event") frame.event = value;
    else if (field === "data") data.push(value);
  }
  if (!data.length) return null;
  try {
    frame.data = JSON.parse(data.join("\n"));
  } catch {
    return null;
  }
  return frame;
}
