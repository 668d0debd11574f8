import { describe, expect, it } from "vitest";
import { isRetryableStatus, ProviderError, providerErrorFromBody, toProviderError } from "../src/index.js";

describe("ProviderError", () => {
  it("computes retryable from the status unless told", () => {
    expect(new ProviderError({ provider: "p", kind: "server", status: 503, message: "m" }).retryable).toBe(
      true,
    );
    expect(new ProviderError({ provider: "p", kind: "auth", status: 401, message: "m" }).retryable).toBe(
      false,
    );
    expect(
      new ProviderError({ provider: "p", kind: "network", message: "m", retryable: true }).retryable,
    ).toBe(true);
  });

  it("is recognised across copies of the package by its marker", () => {
    const marker = Symbol.for("@elyra/provider-kit/ProviderError");
    const foreign = Object.assign(new Error("x"), { [marker]: true });
    expect(ProviderError.isInstance(foreign)).toBe(true);
    expect(ProviderError.isInstance(new Error("x"))).toBe(false);
    expect(ProviderError.isInstance(null)).toBe(false);
  });

  it.each([
    [408, true],
    [409, true],
    [429, true],
    [500, true],
    [529, true],
    [400, false],
    [401, false],
    [404, false],
    [undefined, false],
  ])("isRetryableStatus(%s) is %s", (status, expected) => {
    expect(isRetryableStatus(status)).toBe(expected);
  });
});

describe("toProviderError", () => {
  it("returns a ProviderError unchanged", () => {
    const error = new ProviderError({ provider: "p", kind: "auth", message: "m" });
    expect(toProviderError(error, "other")).toBe(error);
  });

  it("reports anything thrown under an aborted signal as an abort", () => {
    const error = toProviderError(new Error("The operation was aborted"), "p", AbortSignal.abort());
    expect(error).toMatchObject({ kind: "aborted", retryable: false, message: "Request aborted" });
  });

  it("finds network codes on the error or its cause chain", () => {
    const direct = toProviderError(
      Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }),
      "p",
    );
    expect(direct).toMatchObject({ kind: "network", code: "ECONNREFUSED", retryable: true });
    const nested = new TypeError("fetch failed", {
      cause: Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" }),
    });
    expect(toProviderError(nested, "p")).toMatchObject({ kind: "network", code: "UND_ERR_SOCKET" });
  });

  it("maps undici timeouts to the timeout kind", () => {
    const error = toProviderError(
      Object.assign(new Error("Headers Timeout Error"), { code: "UND_ERR_HEADERS_TIMEOUT" }),
      "p",
    );
    expect(error).toMatchObject({ kind: "timeout", retryable: true, message: "p: Headers Timeout Error" });
  });

  it("treats anything else as a protocol error, keeping the cause", () => {
    const cause = new SyntaxError("Unexpected end of JSON input");
    const error = toProviderError(cause, "p");
    expect(error).toMatchObject({
      kind: "protocol",
      retryable: false,
      message: "p: Unexpected end of JSON input",
    });
    expect(error.cause).toBe(cause);
    expect(toProviderError("a string", "p").message).toBe("p: a string");
  });
});

describe("providerErrorFromBody", () => {
  it("reads OpenAI's {error:{message,type,code}}, preferring code", () => {
    const error = providerErrorFromBody("openai", 429, {
      error: {
        message: "You exceeded your current quota.",
        type: "insufficient_quota",
        code: "insufficient_quota",
      },
    });
    expect(error).toMatchObject({
      kind: "rate_limit",
      code: "insufficient_quota",
      status: 429,
      retryable: false,
    });
    expect(error.message).toBe("openai 429 insufficient_quota: You exceeded your current quota.");
  });

  it("reads Anthropic's {type:'error', error:{type,message}} from raw text", () => {
    const body =
      '{"type":"error","error":{"type":"rate_limit_error","message":"Number of requests has exceeded your rate limit"}}';
    const error = providerErrorFromBody("anthropic", 429, body, {
      "retry-after": "7",
      "request-id": "req_011",
    });
    expect(error.message).toBe(
      "anthropic 429 rate_limit_error: Number of requests has exceeded your rate limit",
    );
    expect(error).toMatchObject({
      kind: "rate_limit",
      code: "rate_limit_error",
      retryAfterMs: 7000,
      requestId: "req_011",
      retryable: true,
    });
  });

  it("reads Google's {error:{code,message,status}} and its array form", () => {
    const inner = {
      error: {
        code: 400,
        message: "API key not valid. Please pass a valid API key.",
        status: "INVALID_ARGUMENT",
      },
    };
    for (const body of [inner, [inner], JSON.stringify([inner])]) {
      const error = providerErrorFromBody("google", 400, body);
      expect(error.message).toBe(
        "google 400 INVALID_ARGUMENT: API key not valid. Please pass a valid API key.",
      );
      expect(error).toMatchObject({ kind: "invalid_request", code: "INVALID_ARGUMENT" });
    }
  });

  it("reads {message}, {detail} (string or list) and {error: string}", () => {
    expect(
      providerErrorFromBody("bedrock", 400, { message: "The provided model identifier is invalid." }).message,
    ).toBe("bedrock 400: The provided model identifier is invalid.");
    expect(providerErrorFromBody("x", 404, { detail: "Not Found" }).message).toBe("x 404: Not Found");
    expect(
      providerErrorFromBody("x", 422, { detail: [{ loc: ["body"], msg: "field required" }] }).message,
    ).toBe('x 422: [{"loc":["body"],"msg":"field required"}]');
    expect(providerErrorFromBody("x", 401, { error: "Unauthorized" })).toMatchObject({
      message: "x 401: Unauthorized",
      kind: "auth",
    });
  });

  it("takes Bedrock's error type from x-amzn-errortype and its request id", () => {
    const error = providerErrorFromBody("bedrock", 400, '{"message":"bad"}', {
      "X-Amzn-ErrorType": "ValidationException:http://internal.amazon.com/coral/com.amazon.bedrock/",
      "X-Amzn-RequestId": "abc-123",
    });
    expect(error).toMatchObject({
      code: "ValidationException",
      requestId: "abc-123",
      message: "bedrock 400 ValidationException: bad",
    });
  });

  it("uses plain text, whitespace collapsed, or the status text when the body is empty", () => {
    expect(providerErrorFromBody("x", 502, "<html>\n  <body>Bad gateway</body>\n</html>").message).toBe(
      "x 502: <html> <body>Bad gateway</body> </html>",
    );
    expect(providerErrorFromBody("x", 503, "").message).toBe("x 503: Service Unavailable");
    expect(providerErrorFromBody("x", 500, "{not json").message).toBe("x 500: {not json");
  });

  it("clips a huge message", () => {
    const error = providerErrorFromBody("x", 500, { error: { message: "y".repeat(5000) } });
    expect(error.message.length).toBeLessThan(1100);
    expect(error.message.endsWith("…")).toBe(true);
  });

  it.each([
    [401, "auth"],
    [403, "auth"],
    [429, "rate_limit"],
    [400, "invalid_request"],
    [404, "invalid_request"],
    [413, "invalid_request"],
    [408, "timeout"],
    [500, "server"],
    [529, "server"],
  ])("maps status %s to %s", (status, kind) => {
    expect(providerErrorFromBody("x", status, { error: { message: "nope" } }).kind).toBe(kind);
  });

  it.each([
    [
      "openai",
      400,
      {
        error: {
          message: "This model's maximum context length is 128000 tokens.",
          code: "context_length_exceeded",
        },
      },
    ],
    [
      "anthropic",
      400,
      {
        type: "error",
        error: {
          type: "invalid_request_error",
          message: "prompt is too long: 210000 tokens > 200000 maximum",
        },
      },
    ],
    [
      "google",
      400,
      {
        error: {
          code: 400,
          message: "The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).",
          status: "INVALID_ARGUMENT",
        },
      },
    ],
    ["x", 413, { message: "Request exceeds the context window of this model" }],
    ["x", 400, { error: { message: "bad", code: "context_length_exceeded" } }],
  ])("recognises %s context overflow", (provider, status, body) => {
    expect(providerErrorFromBody(provider, status, body)).toMatchObject({
      kind: "context_overflow",
      retryable: false,
    });
  });

  it("classifies mid-stream errors (no status) by their code", () => {
    const overloaded = providerErrorFromBody("anthropic", undefined, {
      type: "error",
      error: { type: "overloaded_error", message: "Overloaded" },
    });
    expect(overloaded).toMatchObject({
      kind: "server",
      retryable: true,
      status: undefined,
      message: "anthropic overloaded_error: Overloaded",
    });
    expect(
      providerErrorFromBody("openai", undefined, {
        type: "error",
        code: "rate_limit_exceeded",
        message: "slow",
      }),
    ).toMatchObject({
      kind: "rate_limit",
      code: "rate_limit_exceeded",
    });
    expect(providerErrorFromBody("x", undefined, { error: { message: "prompt is too long" } }).kind).toBe(
      "context_overflow",
    );
    expect(
      providerErrorFromBody("x", undefined, { error: { message: "m", code: "invalid_prompt" } }).kind,
    ).toBe("invalid_request");
    expect(providerErrorFromBody("x", undefined, { type: "error", message: "m" }).message).toBe("x: m");
  });

  it("redacts the given secrets from the message", () => {
    const error = providerErrorFromBody("x", 401, { error: { message: "bad key sk-abc123456" } }, {}, [
      "sk-abc123456",
    ]);
    expect(error.message).toBe("x 401: bad key [redacted]");
  });
});
