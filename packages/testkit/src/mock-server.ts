import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/**
 * A loopback HTTP server that plays scripted replies and records every request, for tests of what a wire
 * API sends and how it copes with what comes back: SSE streams, exact fixture bytes, error bodies, cut
 * connections and servers that never answer.
 */

export interface RecordedRequest {
  method: string;
  /** The path without the query string. */
  path: string;
  /** The absolute URL, query included. */
  url: string;
  /** Lower-cased names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
}

export type SseItem = string | { event?: string; data: string };

export type MockReply =
  /** An SSE stream; strings are data payloads. `delayMs` is the pause before each event. */
  | { kind: "sse"; events: SseItem[]; delayMs?: number; status?: number; headers?: Record<string, string> }
  /** Exact bytes (e.g. a fixture), optionally re-chunked with a pause before each chunk. */
  | {
      kind: "raw";
      status?: number;
      headers?: Record<string, string>;
      body: string | Uint8Array;
      chunkSize?: number;
      delayMs?: number;
    }
  /** An error response: a string body is sent as text, anything else as JSON. */
  | { kind: "error"; status: number; body: unknown; headers?: Record<string, string> }
  /**
   * Send the headers and `after`, then destroy the socket mid-body. With `beforeHeaders`, destroy the
   * socket as soon as the request has arrived, so the client sees a connection failure with no response.
   */
  | {
      kind: "cut";
      after?: string | Uint8Array;
      status?: number;
      headers?: Record<string, string>;
      beforeHeaders?: boolean;
    }
  /** Accept the request and never answer (for abort and timeout tests). */
  | { kind: "hang" };

export interface MockServer {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  url: string;
  requests: RecordedRequest[];
  /** Replies for the next requests, served in order. */
  enqueue(...replies: MockReply[]): void;
  /** The reply once the queue is empty (initially a 500 error saying "no reply queued"). */
  setDefault(reply: MockReply | ((request: RecordedRequest) => MockReply)): void;
  /** Stop listening and destroy every open socket, so no test hangs on a connection. */
  close(): Promise<void>;
}

const NO_REPLY: MockReply = { kind: "error", status: 500, body: { error: { message: "no reply queued" } } };

export async function startMockServer(): Promise<MockServer> {
  const queue: MockReply[] = [];
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  let fallback: MockReply | ((request: RecordedRequest) => MockReply) = NO_REPLY;
  let base = "";

  const server = createServer((req, res) => {
    record(req, base)
      .then((recorded) => {
        requests.push(recorded);
        const reply = queue.shift() ?? (typeof fallback === "function" ? fallback(recorded) : fallback);
        return serve(reply, req, res);
      })
      .catch((error: unknown) => failReply(res, error));
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: base,
    requests,
    enqueue: (...replies) => void queue.push(...replies),
    setDefault: (reply) => {
      fallback = reply;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A reply function that threw is a bug in the test: say so in the response rather than hang. */
function failReply(res: ServerResponse, error: unknown): void {
  if (res.headersSent || res.destroyed) {
    res.destroy();
    return;
  }
  res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
  res.end(`mock server: ${error instanceof Error ? error.message : String(error)}`);
}

async function record(req: IncomingMessage, base: string): Promise<RecordedRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks).toString("utf8");
  const url = new URL(req.url ?? "/", base);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return {
    method: req.method ?? "GET",
    path: url.pathname,
    url: url.href,
    headers,
    body,
    json: parseJson(body),
  };
}

function parseJson(text: string): unknown {
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

async function serve(reply: MockReply, req: IncomingMessage, res: ServerResponse): Promise<void> {
  switch (reply.kind) {
    case "sse":
      res.writeHead(reply.status ?? 200, { ...SSE_HEADERS, ...reply.headers });
      return writePieces(res, reply.events.map(frameSse), reply.delayMs);
    case "raw": {
      res.writeHead(reply.status ?? 200, { "content-type": "text/event-stream", ...reply.headers });
      const bytes = typeof reply.body === "string" ? Buffer.from(reply.body) : reply.body;
      return writePieces(res, split(bytes, reply.chunkSize), reply.delayMs);
    }
    case "error": {
      const text = typeof reply.body === "string";
      const body = text ? (reply.body as string) : JSON.stringify(reply.body);
      const type = text ? "text/plain; charset=utf-8" : "application/json";
      res.writeHead(reply.status, { "content-type": type, ...reply.headers });
      res.end(body);
      return;
    }
    case "cut":
      return cut(reply, req, res);
    case "hang":
      return;
  }
}

const SSE_HEADERS = { "content-type": "text/event-stream", "cache-control": "no-cache" };

/** One event's framing; a payload with newlines becomes several `data:` lines, as SSE requires. */
export function frameSse(item: SseItem): string {
  const { event, data } = typeof item === "string" ? { event: undefined, data: item } : item;
  const head = event === undefined ? "" : `event: ${event}\n`;
  const lines = data.split(/\r\n|\r|\n/).map((line) => `data: ${line}\n`);
  return `${head}${lines.join("")}\n`;
}

function split(bytes: Uint8Array, size: number | undefined): Uint8Array[] {
  if (!size || size <= 0 || bytes.length <= size) return [bytes];
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

/** Write each piece (after `delayMs`), stopping if the client went away. */
async function writePieces(res: ServerResponse, pieces: (string | Uint8Array)[], delayMs = 0): Promise<void> {
  for (const piece of pieces) {
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    if (res.destroyed) return;
    await new Promise<void>((resolve) => res.write(piece, () => resolve()));
  }
  if (!res.destroyed) res.end();
}

async function cut(reply: Extract<MockReply, { kind: "cut" }>, req: IncomingMessage, res: ServerResponse) {
  if (reply.beforeHeaders) {
    req.socket.destroy();
    return;
  }
  res.writeHead(reply.status ?? 200, { ...SSE_HEADERS, ...reply.headers });
  res.flushHeaders();
  if (reply.after !== undefined && reply.after.length > 0) {
    await new Promise<void>((resolve) => res.write(reply.after as string | Uint8Array, () => resolve()));
  }
  // Give the bytes a moment on the wire so the client reads them before it sees the socket close.
  await new Promise((resolve) => setTimeout(resolve, 10));
  req.socket.destroy();
}
