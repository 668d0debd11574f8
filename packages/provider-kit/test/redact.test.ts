import { describe, expect, it } from "vitest";
import { redactHeaders, redactSecrets, redactUrl, requestSecrets } from "../src/index.js";

describe("redactHeaders", () => {
  it("hides credential headers completely, keeping an auth scheme", () => {
    expect(
      redactHeaders({
        Authorization: "Bearer sk-live-abcdef",
        "Proxy-Authorization": "Basic dXNlcjpwYXNz",
        "x-api-key": "sk-ant-123",
        "api-key": "azure",
        "x-goog-api-key": "AIza",
        "cf-aig-authorization": "Bearer cf",
        "X-Amz-Security-Token": "tok",
        "x-client-secret": "s",
        cookie: "session=1",
        "content-type": "application/json",
        "anthropic-version": "2023-06-01",
      }),
    ).toEqual({
      Authorization: "Bearer [redacted]",
      "Proxy-Authorization": "Basic [redacted]",
      "x-api-key": "[redacted]",
      "api-key": "[redacted]",
      "x-goog-api-key": "[redacted]",
      "cf-aig-authorization": "Bearer [redacted]",
      "X-Amz-Security-Token": "[redacted]",
      "x-client-secret": "[redacted]",
      cookie: "[redacted]",
      "content-type": "application/json",
      "anthropic-version": "2023-06-01",
    });
  });

  it("does not mutate its input", () => {
    const headers = { authorization: "Bearer x" };
    redactHeaders(headers);
    expect(headers.authorization).toBe("Bearer x");
  });
});

describe("redactUrl", () => {
  it("hides key, api_key and token query values and keeps the rest as written", () => {
    expect(redactUrl("https://g.example/v1beta/models/m:streamGenerateContent?alt=sse&key=AIzaSECRET")).toBe(
      "https://g.example/v1beta/models/m:streamGenerateContent?alt=sse&key=[redacted]",
    );
    expect(redactUrl("https://x.example/a?api_key=1&b=2&access_token=3#frag")).toBe(
      "https://x.example/a?api_key=[redacted]&b=2&access_token=[redacted]#frag",
    );
    expect(redactUrl("https://x.example/a?Token=abc")).toBe("https://x.example/a?Token=[redacted]");
    expect(redactUrl("https://x.example/plain")).toBe("https://x.example/plain");
  });

  it("hides userinfo", () => {
    expect(redactUrl("https://user:pass@proxy.example/v1")).toBe("https://[redacted]@proxy.example/v1");
  });
});

describe("redactSecrets", () => {
  it("replaces every occurrence, longest secret first", () => {
    expect(redactSecrets("a sk-123456 b sk-123456-long c sk-123456", ["sk-123456", "sk-123456-long"])).toBe(
      "a [redacted] b [redacted] c [redacted]",
    );
  });

  it("ignores empty and very short values, which cannot be secrets", () => {
    expect(redactSecrets("network error", ["", "k", "ne"])).toBe("network error");
  });
});

describe("requestSecrets", () => {
  it("collects credential header values, bare tokens, query values (raw and decoded) and URL passwords", () => {
    const secrets = requestSecrets("https://u:p%40ss@x.example/?key=a%2Bb%2Fc&alt=sse", {
      authorization: "Bearer tok-123",
      "content-type": "application/json",
    });
    expect(secrets).toEqual(
      expect.arrayContaining(["Bearer tok-123", "tok-123", "a%2Bb%2Fc", "a+b/c", "p%40ss", "p@ss"]),
    );
    expect(secrets).not.toContain("application/json");
    expect(secrets).not.toContain("sse");
  });
});
