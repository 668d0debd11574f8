import { createServer, type Server, type Socket } from "node:net";
import { type MockServer, startMockServer } from "@elyra/testkit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type HttpRequestOptions, mergeHeaders, ProviderError, sendRequest } from "../src/index.js";

// Latency bounds measure this process's event loop: on a loaded 2-core machine one run can be starved by
// its neighbours, so these tests get two more tries; a real regression fails all three.
const TIMING = { retry: 2 };

let server: MockServer;
beforeEach(async () => {
  server = await startMockServer();
});
afterEach(() => server.close());

const SECRET = "sk-test-SECRET-0123456789abcdef";

function options(overrides: Partial<HttpRequestOptions> = {}): HttpRequestOptions {
  return {
    provider: "openai",
    url: `${server.url}/v1/chat/completions`,
    headers: { authorization: `Bearer ${SECRET}`, "content-type": "application/json" },
    body: '{"model":"m"}',
    retry: { baseDelayMs: 1 },
    ...overrides,
  };
}

async function text(body: AsyncIterable<Uint8Array>): Promise<string> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of body) chunks.push(chunk);
  return Buffer.concat(chunks).toString("utf8");
}

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  try {
    await promise;
  } catch (error) {
    if (ProviderError.isInstance(error)) return error;
    throw error;
  }
  throw new Error("expected a ProviderError");
}

describe("sendRequest", () => {
  it("sends method, headers and body and resolves with a 2xx response", async () => {
    server.enqueue({ kind: "sse", events: ["hi"], headers: { "x-request-id": "req_123" } });
    const response = await sendRequest(options({ headers: { ...options().headers, "X-Extra": "1" } }));
    expect(response.status).toBe(200);
    expect(response.requestId).toBe("req_123");
    expect(response.headers["content-type"]).toBe("text/event-stream");
    expect(await text(response.body)).toBe("data: hi\n\n");
    const [request] = server.requests;
    expect(request).toMatchObject({ method: "POST", path: "/v1/chat/completions", json: { model: "m" } });
    expect(request?.headers.authorization).toBe(`Bearer ${SECRET}`);
    expect(request?.headers["x-extra"]).toBe("1");
  });

  it("sends a GET without a body", async () => {
    server.enqueue({ kind: "raw", body: "[]" });
    const response = await sendRequest(options({ method: "GET", body: undefined }));
    await text(response.body);
    expect(server.requests[0]).toMatchObject({ method: "GET", body: "" });
  });

  it("retries a 429 after retry-after seconds and calls onRetry", async () => {
    server.enqueue(
      {
        kind: "error",
        status: 429,
        body: { error: { message: "slow" } },
        headers: { "retry-after": "0.05" },
      },
      { kind: "raw", body: "ok" },
    );
    const retries: unknown[] = [];
    const started = performance.now();
    const response = await sendRequest(options({ retry: { onRetry: (info) => retries.push(info) } }));
    expect(await text(response.body)).toBe("ok");
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
    expect(server.requests).toHaveLength(2);
    expect(retries).toEqual([{ attempt: 1, delayMs: 50, status: 429, reason: "openai 429: slow" }]);
  });

  it("prefers retry-after-ms and reads retry-after as an HTTP date", async () => {
    server.enqueue(
      {
        kind: "error",
        status: 429,
        body: "busy",
        headers: { "retry-after-ms": "20", "retry-after": "30" },
      },
      {
        kind: "error",
        status: 429,
        body: "busy",
        headers: { "retry-after": new Date(Date.now() - 1000).toUTCString() },
      },
      { kind: "raw", body: "ok" },
    );
    const delays: number[] = [];
    const response = await sendRequest(options({ retry: { onRetry: (info) => delays.push(info.delayMs) } }));
    await text(response.body);
    expect(delays).toEqual([20, 0]);
  });

  it("retries a 503 with backoff, then succeeds", async () => {
    server.enqueue({ kind: "error", status: 503, body: "unavailable" }, { kind: "raw", body: "ok" });
    const delays: number[] = [];
    const response = await sendRequest(
      options({ retry: { baseDelayMs: 20, onRetry: (info) => delays.push(info.delayMs) } }),
    );
    expect(await text(response.body)).toBe("ok");
    expect(delays).toHaveLength(1);
    expect(delays[0]).toBeGreaterThanOrEqual(15);
    expect(delays[0]).toBeLessThanOrEqual(25);
  });

  it("doubles the backoff and stops after maxRetries (default 2)", async () => {
    server.setDefault({
      kind: "error",
      status: 500,
      body: { error: { message: "down", type: "server_error" } },
    });
    const delays: number[] = [];
    const error = await failure(
      sendRequest(options({ retry: { baseDelayMs: 10, onRetry: (info) => delays.push(info.delayMs) } })),
    );
    expect(server.requests).toHaveLength(3);
    expect(delays).toHaveLength(2);
    expect(delays[1]! / delays[0]!).toBeGreaterThan(1.1);
    expect(error).toMatchObject({ status: 500, kind: "server", retryable: true, code: "server_error" });
    expect(error.message).toBe("openai 500 server_error: down");
  });

  it("honours maxRetries: 0", async () => {
    server.setDefault({ kind: "error", status: 503, body: "x" });
    await failure(sendRequest(options({ retry: { maxRetries: 0 } })));
    expect(server.requests).toHaveLength(1);
  });

  it("does not retry a 400", async () => {
    server.setDefault({
      kind: "error",
      status: 400,
      body: { error: { message: "bad field", type: "invalid_request_error" } },
    });
    const error = await failure(sendRequest(options()));
    expect(server.requests).toHaveLength(1);
    expect(error).toMatchObject({ status: 400, kind: "invalid_request", retryable: false });
  });

  it("retries a connection cut before any response", async () => {
    server.enqueue({ kind: "cut", beforeHeaders: true }, { kind: "raw", body: "ok" });
    const reasons: string[] = [];
    const response = await sendRequest(
      options({ retry: { baseDelayMs: 1, onRetry: (info) => reasons.push(info.reason) } }),
    );
    expect(await text(response.body)).toBe("ok");
    expect(server.requests).toHaveLength(2);
    expect(reasons[0]).toMatch(/network error/);
  });

  it("retries a refused connection and reports it as a network error", async () => {
    const url = await closedPortUrl();
    const error = await failure(sendRequest(options({ url })));
    expect(error).toMatchObject({ kind: "network", code: "ECONNREFUSED", retryable: true });
  });

  it("does not retry a cut in the middle of the body: the body iterator throws", async () => {
    server.enqueue({ kind: "cut", after: "data: partial\n\n" });
    const response = await sendRequest(options());
    const chunks: string[] = [];
    const error = await failure(
      (async () => {
        for await (const chunk of response.body) chunks.push(Buffer.from(chunk).toString());
      })(),
    );
    expect(chunks.join("")).toBe("data: partial\n\n");
    expect(error.kind).toBe("network");
    expect(server.requests).toHaveLength(1);
  });

  it("fails at once when retry-after exceeds the cap, saying how long the server asked for", async () => {
    server.setDefault({
      kind: "error",
      status: 429,
      body: { error: { message: "quota" } },
      headers: { "retry-after": "120" },
    });
    const error = await failure(sendRequest(options()));
    expect(server.requests).toHaveLength(1);
    expect(error).toMatchObject({ kind: "rate_limit", retryable: true, retryAfterMs: 120_000 });
    expect(error.message).toBe(
      "openai 429: quota (the server asked to wait 120 s, longer than the 60 s limit)",
    );
  });

  it("honours a custom maxRetryAfterMs", async () => {
    server.setDefault({ kind: "error", status: 503, body: "x", headers: { "retry-after-ms": "500" } });
    const error = await failure(sendRequest(options({ retry: { maxRetryAfterMs: 100 } })));
    expect(server.requests).toHaveLength(1);
    expect(error.message).toMatch(/asked to wait 0\.5 s, longer than the 0\.1 s limit/);
  });
});

describe("sendRequest aborts", () => {
  it("cancels a request waiting for headers within 100 ms", TIMING, async () => {
    server.enqueue({ kind: "hang" });
    const controller = new AbortController();
    const pending = failure(sendRequest(options({ signal: controller.signal })));
    await waitFor(() => server.requests.length === 1);
    const started = performance.now();
    controller.abort();
    const error = await pending;
    expect(performance.now() - started).toBeLessThan(100);
    expect(error).toMatchObject({ kind: "aborted", retryable: false });
  });

  it("cancels a backoff sleep within 100 ms", TIMING, async () => {
    server.setDefault({ kind: "error", status: 503, body: "x" });
    const controller = new AbortController();
    let retried = 0;
    const pending = failure(
      sendRequest(
        options({ signal: controller.signal, retry: { baseDelayMs: 10_000, onRetry: () => retried++ } }),
      ),
    );
    await waitFor(() => retried === 1);
    const started = performance.now();
    controller.abort();
    const error = await pending;
    expect(performance.now() - started).toBeLessThan(100);
    expect(error.kind).toBe("aborted");
    expect(server.requests).toHaveLength(1);
  });

  it("cancels while the body is being read, destroying it", TIMING, async () => {
    server.enqueue({ kind: "sse", events: ["1", "2", "3", "4", "5"], delayMs: 200 });
    const controller = new AbortController();
    const response = await sendRequest(options({ signal: controller.signal }));
    const iterator = response.body[Symbol.asyncIterator]();
    await iterator.next();
    const started = performance.now();
    setTimeout(() => controller.abort(), 10);
    const error = await failure(
      (async () => {
        for (;;) if ((await iterator.next()).done) return;
      })(),
    );
    expect(performance.now() - started).toBeLessThan(110);
    expect(error.kind).toBe("aborted");
  });

  it("rejects at once with an already-aborted signal, sending nothing", async () => {
    const error = await failure(sendRequest(options({ signal: AbortSignal.abort() })));
    expect(error.kind).toBe("aborted");
    expect(server.requests).toHaveLength(0);
  });
});

describe("sendRequest timeouts", () => {
  it("times out waiting for response headers, without retrying", async () => {
    server.setDefault({ kind: "hang" });
    const started = performance.now();
    const error = await failure(sendRequest(options({ timeouts: { headersMs: 100 } })));
    // undici checks its timeouts on a coarse timer wheel (~1 s here), so the bound is loose on purpose:
    // what matters is that it fires once, well before the 120 s default, and is not retried.
    expect(performance.now() - started).toBeLessThan(3000);
    expect(error).toMatchObject({ kind: "timeout", code: "UND_ERR_HEADERS_TIMEOUT" });
    expect(server.requests).toHaveLength(1);
  });

  it("times out connecting, and retries that", async () => {
    // undici's connect timeout runs until the TLS handshake completes, so https:// to a loopback socket
    // that accepts and stays silent is a connect that never finishes, without leaving 127.0.0.1.
    const silent = await silentServer();
    try {
      const retries: string[] = [];
      const error = await failure(
        sendRequest(
          options({
            url: silent.url,
            timeouts: { connectMs: 50 },
            retry: { maxRetries: 1, baseDelayMs: 1, onRetry: (info) => retries.push(info.reason) },
          }),
        ),
      );
      expect(error).toMatchObject({ kind: "timeout", code: "UND_ERR_CONNECT_TIMEOUT" });
      expect(retries).toHaveLength(1);
    } finally {
      await silent.close();
    }
  });
});

describe("sendRequest errors never leak secrets", () => {
  it("redacts the Authorization value echoed in an error body", async () => {
    server.setDefault({
      kind: "error",
      status: 401,
      body: {
        error: {
          message: `Incorrect API key provided: ${SECRET}.`,
          type: "invalid_request_error",
          code: "invalid_api_key",
        },
      },
    });
    const error = await failure(sendRequest(options()));
    expect(error.message).toBe("openai 401 invalid_api_key: Incorrect API key provided: [redacted].");
    expect(error.kind).toBe("auth");
    expect(JSON.stringify(error)).not.toContain(SECRET);
  });

  it("redacts a ?key= query value echoed in an error body, and in onRequest", async () => {
    const key = "AIzaSyTESTKEY_abcdefghijklmnop";
    server.setDefault({ kind: "error", status: 400, body: `API key not valid: ${key}` });
    const seen: unknown[] = [];
    const error = await failure(
      sendRequest(
        options({
          provider: "google",
          url: `${server.url}/v1beta/models/gemini:streamGenerateContent?alt=sse&key=${key}`,
          headers: { "x-goog-api-key": key, "content-type": "application/json" },
          body: JSON.stringify({ echo: key }),
          onRequest: (request) => seen.push(request),
        }),
      ),
    );
    expect(error.message).toBe("google 400: API key not valid: [redacted]");
    expect(JSON.stringify(seen)).not.toContain(key);
    expect(seen[0]).toEqual({
      method: "POST",
      url: `${server.url}/v1beta/models/gemini:streamGenerateContent?alt=sse&key=[redacted]`,
      headers: { "x-goog-api-key": "[redacted]", "content-type": "application/json" },
      body: '{"echo":"[redacted]"}',
    });
  });

  it("calls onRequest before every attempt with the scheme kept and the token hidden", async () => {
    server.enqueue({ kind: "error", status: 503, body: "x" }, { kind: "raw", body: "ok" });
    const seen: { headers: Record<string, string> }[] = [];
    const response = await sendRequest(options({ onRequest: (request) => seen.push(request) }));
    await text(response.body);
    expect(seen).toHaveLength(2);
    expect(seen[0]?.headers.authorization).toBe("Bearer [redacted]");
  });
});

describe("mergeHeaders", () => {
  it("merges case-insensitively, later sources win, names lower-cased", () => {
    expect(mergeHeaders({ Authorization: "a", "X-One": "1" }, undefined, { authorization: "b" })).toEqual({
      authorization: "b",
      "x-one": "1",
    });
  });

  it("removes a header given as an empty string and skips undefined values", () => {
    const fromJson = JSON.parse('{"x-keep": "yes"}') as Record<string, string>;
    fromJson["x-drop"] = undefined as unknown as string;
    expect(mergeHeaders({ "User-Agent": "elyra", "X-Drop": "1" }, { "user-agent": "" }, fromJson)).toEqual({
      "x-drop": "1",
      "x-keep": "yes",
    });
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  if (!condition()) throw new Error("condition not met");
}

async function closedPortUrl(): Promise<string> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return `http://127.0.0.1:${port}/`;
}

/** A TCP server that accepts connections and never says a word. */
async function silentServer(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on("error", () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `https://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
