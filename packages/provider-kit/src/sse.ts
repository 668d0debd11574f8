/** One dispatched server-sent event. `event` is "message" when the server named none. */
export interface SseEvent {
  event: string;
  data: string;
  id?: string;
}

const LF = 10;
const CR = 13;

/**
 * An incremental decoder for `text/event-stream` following the WHATWG rules: CR, LF and CRLF line ends
 * (a CRLF split across chunks counts once), `:` comments, multi-line `data`, `event` and `id` fields, a
 * leading BOM, and bytes split anywhere, including inside a UTF-8 character. An event still open when the
 * stream ends is discarded, as the standard says: a cut connection must not pass off half an event.
 *
 * It calls back instead of yielding so that a burst of events in one chunk costs no promise per event.
 */
export class SseDecoder {
  // ignoreBOM: the BOM is stripped below, once, so bytes and text input behave alike (TextDecoder would
  // strip one too, and a second U+FEFF must then stay, as the standard says).
  private readonly decoder = new TextDecoder("utf-8", { ignoreBOM: true });
  private pending = "";
  private data = "";
  private hasData = false;
  private eventName = "";
  private lastId: string | undefined;
  private skipLeadingLf = false;
  private first = true;

  constructor(private readonly onEvent: (event: SseEvent) => void) {}

  /** Feed raw bytes (or already-decoded text). */
  push(chunk: Uint8Array | string): void {
    let text = typeof chunk === "string" ? chunk : this.decoder.decode(chunk, { stream: true });
    if (this.first && text.length > 0) {
      this.first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    if (this.skipLeadingLf && text.length > 0) {
      this.skipLeadingLf = false;
      if (text.charCodeAt(0) === LF) text = text.slice(1);
    }
    // `pending` holds no line end, so scanning resumes where it stopped: a long line arriving in many
    // small chunks costs linear time, not quadratic.
    const from = this.pending.length;
    this.scan(from === 0 ? text : this.pending + text, from);
  }

  /** The stream ended: flush the decoder and drop any unterminated event. */
  end(): void {
    const rest = this.decoder.decode();
    if (rest.length > 0) this.push(rest);
    this.pending = "";
    this.resetEvent();
  }

  private scan(text: string, from: number): void {
    let start = 0;
    const length = text.length;
    for (let i = from; i < length; i++) {
      const code = text.charCodeAt(i);
      if (code !== LF && code !== CR) continue;
      this.line(text, start, i);
      if (code === CR) {
        if (i + 1 < length) {
          if (text.charCodeAt(i + 1) === LF) i++;
        } else {
          // A CR ends the chunk: its LF, if any, arrives first in the next one.
          this.skipLeadingLf = true;
        }
      }
      start = i + 1;
    }
    this.pending = start < length ? text.slice(start) : "";
  }

  private line(text: string, start: number, end: number): void {
    if (start === end) {
      this.dispatch();
      return;
    }
    if (text.charCodeAt(start) === 58 /* : */) return;
    let colon = start;
    while (colon < end && text.charCodeAt(colon) !== 58 /* : */) colon++;
    let field: string;
    let value: string;
    if (colon === end) {
      field = text.slice(start, end);
      value = "";
    } else {
      field = text.slice(start, colon);
      const valueStart = text.charCodeAt(colon + 1) === 32 /* space */ ? colon + 2 : colon + 1;
      value = valueStart < end ? text.slice(valueStart, end) : "";
    }
    switch (field) {
      case "data":
        this.data = this.hasData ? `${this.data}\n${value}` : value;
        this.hasData = true;
        return;
      case "event":
        this.eventName = value;
        return;
      case "id":
        if (!value.includes("\0")) this.lastId = value;
        return;
      default:
        // "retry" and unknown fields carry nothing a client of an LLM API acts on.
        return;
    }
  }

  private dispatch(): void {
    if (!this.hasData) {
      this.eventName = "";
      return;
    }
    const event: SseEvent = { event: this.eventName || "message", data: this.data };
    if (this.lastId !== undefined) event.id = this.lastId;
    this.resetEvent();
    this.onEvent(event);
  }

  private resetEvent(): void {
    this.data = "";
    this.hasData = false;
    this.eventName = "";
  }
}

/** Decode a byte stream into events, for callers that prefer `for await`. */
export async function* readSse(body: AsyncIterable<Uint8Array | string>): AsyncGenerator<SseEvent> {
  const ready: SseEvent[] = [];
  const decoder = new SseDecoder((event) => ready.push(event));
  for await (const chunk of body) {
    decoder.push(chunk);
    while (ready.length > 0) yield ready.shift()!;
  }
  decoder.end();
  while (ready.length > 0) yield ready.shift()!;
}
