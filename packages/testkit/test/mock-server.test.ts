import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { frameSse, type MockServer, startMockServer } from "../src/mock-server.js";

let server: MockServer;
beforeEach(async () => {
  server = await startMockServer();
});
afterEach(() => server.close());

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${server.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
}

describe("startMockServer", () => {
  it("listens on 127.0.0.1 with an ephemeral port", () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it("records method, path, absolute url, lower-cased headers, body and parsed JSON", async () => {
    server.enqueue({ kind: "raw", body: "ok" });
    await (await post("/v1/chat?key=abc", { model: "m" }, { "X-Custom": "yes" })).text();
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request).toMatchObject({
      method: "POST",
      path: "/v1/chat",
      url: `${server.url}/v1/chat?key=abc`,
      body: '{"model":"m"}',
      json: { model: "m" },
    });
    expect(request?.headers["x-custom"]).toBe("yes");
    expect(request?.headers["content-type"]).toBe("application/json");
  });

  it("leaves json undefined for a body that is not JSON", async () => {
    server.enqueue({ kind: "raw", body: "ok" });
    await (await fetch(server.url, { method: "POST", body: "not json" })).text();
    expect(server.requests[0]?.json).toBeUndefined();
    expect(server.requests[0]?.body).toBe("not json");
  });

  it("serves queued replies in order, then the default", async () => {
    server.enqueue({ kind: "raw", body: "one" }, { kind: "raw", body: "two" });
    expect(await (await post("/", {})).text()).toBe("one");
    expect(await (await post("/", {})).text()).toBe("two");
    const fallback = await post("/", {});
    expect(fallback.status).toBe(500);
    expect(await fallback.json()).toEqual({ error: { message: "no reply queued" } });
  });

  it("uses a default reply, or a function of the request", async () => {
    server.setDefault({ kind: "raw", body: "always" });
    expect(await (await post("/", {})).text()).toBe("always");
    server.setDefault((request) => ({ kind: "raw", body: `you asked for ${request.path}` }));
    expect(await (await post("/models", {})).text()).toBe("you asked for /models");
  });

  it("answers 500 with the reason when a default function throws", async () => {
    server.setDefault(() => {
      throw new Error("boom");
    });
    const response = await post("/", {});
    expect(response.status).toBe(500);
    expect(await response.text()).toBe("mock server: boom");
  });

  it("frames SSE events: data payloads, event names, multi-line data", async () => {
    server.enqueue({
      kind: "sse",
      events: ['{"a":1}', { event: "message_stop", data: "{}" }, "line1\nline2"],
      headers: { "x-request-id": "req_1" },
    });
    const response = await post("/", {});
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    expect(response.headers.get("x-request-id")).toBe("req_1");
    expect(await response.text()).toBe(
      'data: {"a":1}\n\nevent: message_stop\ndata: {}\n\ndata: line1\ndata: line2\n\n',
    );
  });

  it("frameSse frames a single event", () => {
    expect(frameSse({ event: "ping", data: "x" })).toBe("event: ping\ndata: x\n\n");
    expect(frameSse("")).toBe("data: \n\n");
  });

  it("paces SSE events with delayMs and honours a custom status", async () => {
    server.enqueue({ kind: "sse", events: ["1", "2", "3"], delayMs: 30, status: 201 });
    const started = performance.now();
    const response = await post("/", {});
    expect(response.status).toBe(201);
    await response.text();
    expect(performance.now() - started).toBeGreaterThanOrEqual(80);
  });

  it("sends raw bytes exactly, re-chunked", async () => {
    const bytes = Buffer.from("data: ü 😀\r\n\r\n", "utf8");
    server.enqueue({ kind: "raw", body: bytes, chunkSize: 1, headers: { "content-type": "text/plain" } });
    const response = await post("/", {});
    expect(response.headers.get("content-type")).toBe("text/plain");
    const chunks: Uint8Array[] = [];
    for await (const chunk of response.body!) chunks.push(chunk);
    expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
  });

  it("sends JSON and text error bodies with their status and headers", async () => {
    server.enqueue(
      {
        kind: "error",
        status: 429,
        body: { error: { message: "slow down" } },
        headers: { "retry-after": "1" },
      },
      { kind: "error", status: 502, body: "Bad Gateway" },
    );
    const json = await post("/", {});
    expect(json.status).toBe(429);
    expect(json.headers.get("retry-after")).toBe("1");
    expect(json.headers.get("content-type")).toBe("application/json");
    expect(await json.json()).toEqual({ error: { message: "slow down" } });
    const text = await post("/", {});
    expect(text.status).toBe(502);
    expect(await text.text()).toBe("Bad Gateway");
  });

  it("cuts the connection mid-body after sending headers and some bytes", async () => {
    server.enqueue({ kind: "cut", after: "data: partial\n\n" });
    const response = await post("/", {});
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(Buffer.from(first.value!).toString()).toBe("data: partial\n\n");
    await expect(
      (async () => {
        for (;;) if ((await reader.read()).done) return;
      })(),
    ).rejects.toThrow();
  });

  it("cuts the connection before any response when beforeHeaders is set", async () => {
    server.enqueue({ kind: "cut", beforeHeaders: true });
    await expect(post("/", {})).rejects.toThrow();
    expect(server.requests).toHaveLength(1);
  });

  it("hangs until the client gives up, and close() does not wait for it", async () => {
    server.enqueue({ kind: "hang" });
    const pending = post("/", {}).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.requests).toHaveLength(1);
    const started = performance.now();
    await server.close();
    expect(performance.now() - started).toBeLessThan(1000);
    expect(await pending).toBeInstanceOf(Error);
  });
});
