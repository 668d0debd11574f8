import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readSse, SseDecoder, type SseEvent } from "../src/index.js";

const encoder = new TextEncoder();

function decode(chunks: (string | Uint8Array)[]): SseEvent[] {
  const events: SseEvent[] = [];
  const decoder = new SseDecoder((event) => events.push(event));
  for (const chunk of chunks) decoder.push(chunk);
  decoder.end();
  return events;
}

/** The same text fed as bytes, one byte per chunk. */
function byteByByte(text: string): Uint8Array[] {
  return [...encoder.encode(text)].map((byte) => Uint8Array.of(byte));
}

const message = (data: string, event = "message"): SseEvent => ({ event, data });

describe("SseDecoder line endings", () => {
  it.each([
    ["LF", "data: a\n\ndata: b\n\n"],
    ["CR", "data: a\r\rdata: b\r\r"],
    ["CRLF", "data: a\r\n\r\ndata: b\r\n\r\n"],
    ["mixed", "data: a\r\n\rdata: b\n\r\n"],
  ])("splits events on %s", (_name, text) => {
    expect(decode([text])).toEqual([message("a"), message("b")]);
    expect(decode(byteByByte(text))).toEqual([message("a"), message("b")]);
  });

  it("counts a CR at the end of a chunk and an LF at the start of the next once", () => {
    expect(decode(["data: a\r", "\ndata: b\r", "\n\r", "\n"])).toEqual([message("a\nb")]);
    expect(decode(["data: a\r", "\n\r", "\n"])).toEqual([message("a")]);
  });

  it("keeps waiting for the LF across an empty chunk", () => {
    expect(decode(["data: a\r", "", new Uint8Array(0), "\n", "\n"])).toEqual([message("a")]);
  });

  it("treats CR CR as two line ends, not one", () => {
    expect(decode(["data: a\r", "\r"])).toEqual([message("a")]);
  });

  it("handles LF CR as two line ends", () => {
    expect(decode(["data: a\n\rdata: b\n\n"])).toEqual([message("a"), message("b")]);
  });
});

describe("SseDecoder fields", () => {
  it("ignores comments, including keep-alive pings and a lone colon", () => {
    expect(decode([": ping\n:\ndata: x\n: inside\n\n: OPENROUTER PROCESSING\n\n"])).toEqual([message("x")]);
  });

  it("joins multi-line data with LF", () => {
    expect(decode(["data: one\ndata: two\ndata:\ndata: four\n\n"])).toEqual([message("one\ntwo\n\nfour")]);
  });

  it("uses the event name, reset after each event", () => {
    expect(decode(["event: message_start\ndata: {}\n\ndata: plain\n\n"])).toEqual([
      message("{}", "message_start"),
      message("plain"),
    ]);
  });

  it("takes a line with no colon as a field with an empty value", () => {
    expect(decode(["data\n\n"])).toEqual([message("")]);
    expect(decode(["data\ndata\n\n"])).toEqual([message("\n")]);
    expect(decode(["event\ndata: x\n\n"])).toEqual([message("x")]);
  });

  it("removes exactly one space after the colon", () => {
    expect(decode(["data:x\n\n"])).toEqual([message("x")]);
    expect(decode(["data:  x \n\n"])).toEqual([message(" x ")]);
    expect(decode(["event:ping\ndata:\n\n"])).toEqual([message("", "ping")]);
  });

  it("keeps colons in the value", () => {
    expect(decode(['data: {"a":"b:c"}\n\n'])).toEqual([message('{"a":"b:c"}')]);
  });

  it("dispatches nothing for an event without data, and forgets its name", () => {
    expect(decode(["event: lonely\n\ndata: x\n\n"])).toEqual([message("x")]);
    expect(decode(["\n\n\n"])).toEqual([]);
  });

  it("ignores retry and unknown fields, and field names are case-sensitive", () => {
    expect(decode(["retry: 1000\nfoo: bar\nData: no\ndata: yes\n\n"])).toEqual([message("yes")]);
  });

  it("carries the last event id forward, ignoring ids with NUL", () => {
    const events = decode(["id: 1\ndata: a\n\ndata: b\n\nid: x\0y\ndata: c\n\nid\ndata: d\n\n"]);
    expect(events).toEqual([
      { event: "message", data: "a", id: "1" },
      { event: "message", data: "b", id: "1" },
      { event: "message", data: "c", id: "1" },
      { event: "message", data: "d", id: "" },
    ]);
  });
});

describe("SseDecoder bytes", () => {
  it("strips one leading BOM, from text or bytes, even split across chunks", () => {
    expect(decode(["\uFEFFdata: x\n\n"])).toEqual([message("x")]);
    const bytes = encoder.encode("\uFEFFdata: x\n\n");
    expect(decode([bytes.subarray(0, 1), bytes.subarray(1, 2), bytes.subarray(2)])).toEqual([message("x")]);
  });

  it("keeps a second BOM, which then spoils the first field name", () => {
    expect(decode(["\uFEFF\uFEFFdata: x\n\ndata: y\n\n"])).toEqual([message("y")]);
    expect(decode([encoder.encode("\uFEFF\uFEFFdata: x\n\ndata: y\n\n")])).toEqual([message("y")]);
  });

  it("does not strip a BOM that is not at the very start", () => {
    expect(decode(["data: a\n\n", "\uFEFFdata: b\n\n"])).toEqual([message("a")]);
  });

  it("reassembles a multi-byte character split across chunks", () => {
    const text = 'data: {"t":"héllo 😀 世界"}\n\n';
    expect(decode(byteByByte(text))).toEqual([message('{"t":"héllo 😀 世界"}')]);
    const bytes = encoder.encode("data: 😀\n\n");
    // Split inside the 4-byte emoji at every position.
    for (let cut = 7; cut < 10; cut++) {
      expect(decode([bytes.subarray(0, cut), bytes.subarray(cut)])).toEqual([message("😀")]);
    }
  });

  it("replaces invalid UTF-8 with U+FFFD instead of failing", () => {
    expect(decode([Uint8Array.of(0x64, 0x61, 0x74, 0x61, 0x3a, 0x20, 0xff, 0x0a, 0x0a)])).toEqual([
      message("\uFFFD"),
    ]);
  });

  it("drops an unterminated event at the end, even one ending in a line end", () => {
    expect(decode(["data: a\n\ndata: cut"])).toEqual([message("a")]);
    expect(decode(["data: a\n\ndata: cut\n"])).toEqual([message("a")]);
    const cutInsideEmoji = Uint8Array.of(...encoder.encode("data: a\n\ndata: "), 0xf0, 0x9f);
    expect(decode([cutInsideEmoji])).toEqual([message("a")]);
  });

  it("reads a long line that arrives in many small chunks", () => {
    const long = "x".repeat(200_000);
    const chunks = [`data: ${long}`.match(/.{1,16}/gs)!, "\n\n"].flat();
    expect(decode(chunks)).toEqual([message(long)]);
  });

  it("decodes a burst of many events in one chunk", () => {
    const text = Array.from({ length: 1000 }, (_, i) => `data: ${i}\n\n`).join("");
    const events = decode([text]);
    expect(events).toHaveLength(1000);
    expect(events[999]).toEqual(message("999"));
  });
});

describe("readSse", () => {
  it("yields events from an async byte stream", async () => {
    async function* body() {
      yield encoder.encode("event: a\ndata: 1\n");
      yield encoder.encode("\ndata: 2\n\ndata: tail");
    }
    const events: SseEvent[] = [];
    for await (const event of readSse(body())) events.push(event);
    expect(events).toEqual([message("1", "a"), message("2")]);
  });
});

// Property tests: an encoder with every legal variation, then random splits and random garbage.

interface SpecEvent {
  event?: string;
  data: string;
  id?: string;
}

const lineText = fc
  .string({ unit: "binary", maxLength: 20 })
  .filter((s) => !/[\r\n\0]/.test(s) && !isLone(s));
const dataText = fc.string({ unit: "binary", maxLength: 40 }).filter((s) => !isLone(s));
const specEvent = fc.record(
  { event: lineText, data: dataText, id: lineText },
  { requiredKeys: ["data"] },
) as fc.Arbitrary<SpecEvent>;
const lineEnd = fc.constantFrom("\n", "\r", "\r\n");

/** True when the string holds a lone surrogate (which no UTF-8 encoding can carry). */
function isLone(s: string): boolean {
  return /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);
}

const encoding: fc.Arbitrary<Encoding> = fc.record({
  events: fc.array(specEvent, { maxLength: 8 }),
  ends: fc.array(lineEnd, { minLength: 64, maxLength: 64 }),
  comments: fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
  bom: fc.boolean(),
  noSpace: fc.boolean(),
});

interface Encoding {
  events: SpecEvent[];
  ends: string[];
  comments: boolean[];
  bom: boolean;
  noSpace: boolean;
}

function encode(spec: Encoding): string {
  let n = 0;
  let last = "";
  // CR then LF is one line end, so an LF-led end cannot follow a bare CR; use another CR there.
  const end = () => {
    const next = spec.ends[n++ % spec.ends.length]!;
    last = last === "\r" && next.startsWith("\n") ? "\r" : next;
    return last;
  };
  const field = (name: string, value: string) => {
    const sep = spec.noSpace && !value.startsWith(" ") ? ":" : ": ";
    return `${name}${sep}${value}${end()}`;
  };
  let text = spec.bom ? "\uFEFF" : "";
  spec.events.forEach((event, i) => {
    if (spec.comments[i]) text += `: keep-alive${end()}`;
    if (event.event !== undefined) text += field("event", event.event);
    if (event.id !== undefined) text += field("id", event.id);
    for (const line of event.data.split(/\r\n|\r|\n/)) text += field("data", line);
    text += end();
  });
  return text;
}

function expected(events: SpecEvent[]): SseEvent[] {
  let lastId: string | undefined;
  return events.map((event) => {
    if (event.id !== undefined) lastId = event.id;
    const out: SseEvent = { event: event.event || "message", data: event.data.replace(/\r\n|\r/g, "\n") };
    if (lastId !== undefined) out.id = lastId;
    return out;
  });
}

function splitAt(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let previous = 0;
  for (const point of [...points, bytes.length]) {
    chunks.push(bytes.subarray(previous, point));
    previous = point;
  }
  return chunks;
}

describe("SseDecoder properties", () => {
  it("decodes any encoding of any events the same, however the bytes are split", () => {
    fc.assert(
      fc.property(encoding, fc.array(fc.nat(), { maxLength: 30 }), (spec, cuts) => {
        const bytes = encoder.encode(encode(spec));
        expect(decode(splitAt(bytes, cuts))).toEqual(expected(spec.events));
      }),
      { numRuns: 500 },
    );
  });

  it("decodes a truncated stream to a prefix of the full stream's events", () => {
    fc.assert(
      fc.property(encoding, fc.nat(), fc.array(fc.nat(), { maxLength: 10 }), (spec, cut, cuts) => {
        const bytes = encoder.encode(encode(spec));
        const full = expected(spec.events);
        const truncated = decode(splitAt(bytes.subarray(0, cut % (bytes.length + 1)), cuts));
        expect(full.slice(0, truncated.length)).toEqual(truncated);
      }),
      { numRuns: 300 },
    );
  });

  it("never throws on random bytes", () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 20 }), (chunks) => {
        decode(chunks);
      }),
      { numRuns: 500 },
    );
  });

  it("never throws on garbled SSE (bytes flipped, dropped, inserted) or random text", () => {
    const garble = fc.array(
      fc.record({ at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }), op: fc.nat(2) }),
      {
        maxLength: 10,
      },
    );
    fc.assert(
      fc.property(
        encoding,
        garble,
        fc.array(fc.nat(), { maxLength: 10 }),
        fc.string({ unit: "binary" }),
        (spec, edits, cuts, junk) => {
          const bytes = [...encoder.encode(encode(spec))];
          for (const edit of edits) {
            const at = edit.at % (bytes.length + 1);
            if (edit.op === 0) bytes[at] = edit.byte;
            else if (edit.op === 1) bytes.splice(at, 1);
            else bytes.splice(at, 0, edit.byte);
          }
          decode(splitAt(Uint8Array.from(bytes), cuts));
          decode([junk, Uint8Array.from(bytes), junk]);
        },
      ),
      { numRuns: 500 },
    );
  });
});
