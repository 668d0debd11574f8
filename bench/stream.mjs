// Streaming overhead of Elyra's openai-completions parser, against a raw HTTP read and the official SDK.
//
//   node bench/stream.mjs [--iterations N]
//
// A loopback node:http server (in this process) streams chat-completions SSE with 4-byte deltas:
// - burst: 20,000 deltas written as fast as possible, in 64 KiB writes; reported as wall µs per delta;
// - paced: 2,000 deltas, one per ~1 ms; reported as CPU µs per delta (wall time is the pacing): the main
//   thread's (Linux `/proc/self/task/<pid>/schedstat`; elsewhere the process's), since the process total
//   also holds V8's background tier-up of undici's WebAssembly HTTP parser, which every reader pays alike,
//   and the process total, shown beside it.
// Three readers run, each in a child process of its own so its peak RSS is its own
// (`process.resourceUsage().maxRSS`), interleaved in a rotating order over the iterations; figures are
// medians. Each child first reads a 1-delta stream, then the long one, and a delta costs
// (long − short) / (deltas − 1), so connection set-up and first-call costs cancel out:
// - baseline: undici `request`, splitting the body into SSE lines and nothing else;
// - elyra: `openaiCompletions.stream()` from @elyra/provider-openai's BUILT code (dist/), iterated;
// - sdk: the `openai` package's `chat.completions.create({ stream: true })`, iterated.
// When packages/provider-openai/dist or packages/provider-kit/dist is missing, this script runs
// `pnpm --filter @elyra/provider-openai... build` (tsup) first. undici resolves from provider-kit,
// openai from provider-openai, as their packages declare them.

import { execFileSync, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const OPENAI_PACKAGE = join(ROOT, "packages/provider-openai");
const KIT_PACKAGE = join(ROOT, "packages/provider-kit");
const VARIANTS = ["baseline", "elyra", "sdk"];
const MODES = {
  burst: { deltas: 20_000, paceMs: 0 },
  paced: { deltas: 2_000, paceMs: 1 },
};

// ---------------------------------------------------------------------------------------------- parent

async function main() {
  const iterations = Number(argValue("--iterations") ?? 7);
  ensureBuilt();
  const server = await startServer();
  const results = {};
  for (const mode of Object.keys(MODES)) {
    results[mode] = Object.fromEntries(VARIANTS.map((variant) => [variant, []]));
    for (let i = 0; i < iterations; i++) {
      // Rotate the order so no reader always runs first, or right after the same neighbour.
      for (const variant of rotate(VARIANTS, i)) {
        results[mode][variant].push(await runChild(variant, mode, server.port));
      }
    }
  }
  server.close();
  report(results, iterations);
}

function ensureBuilt() {
  const built = [OPENAI_PACKAGE, KIT_PACKAGE].every((dir) => existsSync(join(dir, "dist/index.js")));
  if (built) return;
  console.log("building @elyra/provider-openai and its dependencies (dist/ missing)…");
  execFileSync("pnpm", ["--filter", "@elyra/provider-openai...", "build"], { cwd: ROOT, stdio: "inherit" });
}

function argValue(name) {
  const at = process.argv.indexOf(name);
  return at === -1 ? undefined : process.argv[at + 1];
}

function rotate(list, by) {
  const k = by % list.length;
  return [...list.slice(k), ...list.slice(0, k)];
}

function runChild(variant, mode, port) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const proc = spawn(
      process.execPath,
      [fileURLToPath(import.meta.url), "--child", variant, mode, String(port)],
      {
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    let out = "";
    proc.stdout.on("data", (data) => {
      out += data;
    });
    proc.on("error", reject);
    proc.on("exit", (code) => {
      if (code !== 0) return reject(new Error(`${variant}/${mode} exited with ${code}`));
      const processMs = Number(process.hrtime.bigint() - started) / 1e6;
      resolve({ ...JSON.parse(out), processMs });
    });
  });
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function report(results, iterations) {
  console.log(`\nnode ${process.version}, ${iterations} interleaved iterations per reader, medians\n`);
  for (const [mode, { deltas }] of Object.entries(MODES)) {
    const metric = mode === "burst" ? "wallUsPerDelta" : "threadCpuUsPerDelta";
    const label = mode === "burst" ? "wall µs/delta" : "main-thread CPU µs/delta";
    const m = Object.fromEntries(
      VARIANTS.map((variant) => {
        const runs = results[mode][variant];
        return [
          variant,
          {
            perDelta: median(runs.map((run) => run[metric])),
            streamMs: median(runs.map((run) => run.longMs)),
            rssMb: median(runs.map((run) => run.maxRssKb / 1024)),
            processMs: median(runs.map((run) => run.processMs)),
            processCpu: median(runs.map((run) => run.cpuUsPerDelta)),
          },
        ];
      }),
    );
    const base = m.baseline.perDelta;
    console.log(
      `${mode}: ${deltas} deltas of 4 bytes${mode === "paced" ? ", ~1 ms apart" : ", large writes"}`,
    );
    const rows = VARIANTS.map((variant) => {
      const { perDelta, streamMs, rssMb, processMs, processCpu } = m[variant];
      const overhead = perDelta - base;
      const extra = mode === "paced" ? { "process CPU µs/delta": processCpu.toFixed(1) } : {};
      return {
        reader: variant,
        [label]: perDelta.toFixed(2),
        "overhead µs/delta": variant === "baseline" ? "–" : overhead.toFixed(2),
        "× baseline": (perDelta / base).toFixed(2),
        ...extra,
        "stream ms": streamMs.toFixed(1),
        "peak RSS MB": rssMb.toFixed(1),
        "process ms": processMs.toFixed(0),
      };
    });
    console.table(rows);
    const ratio = (m.elyra.perDelta - base) / (m.sdk.perDelta - base);
    const verdict = ratio <= 0.5 ? "meets" : "misses";
    console.log(
      `  Elyra overhead / SDK overhead = ${ratio.toFixed(2)} (target ≤ 0.50: ${verdict}); ` +
        `Elyra peak RSS ${(m.elyra.rssMb - m.baseline.rssMb).toFixed(1)} MB over baseline, ` +
        `SDK ${(m.sdk.rssMb - m.baseline.rssMb).toFixed(1)} MB\n`,
    );
  }
}

// ---------------------------------------------------------------------------------------------- server

const CHUNK_HEAD =
  '{"id":"chatcmpl-bench","object":"chat.completion.chunk","created":0,"model":"bench","choices":[{"index":0,';

function sseEvents(deltas) {
  const events = [`data: ${CHUNK_HEAD}"delta":{"role":"assistant","content":""},"finish_reason":null}]}\n\n`];
  for (let i = 0; i < deltas; i++) {
    const text = String(i % 10_000).padStart(4, "0");
    events.push(`data: ${CHUNK_HEAD}"delta":{"content":"${text}"},"finish_reason":null}]}\n\n`);
  }
  events.push(`data: ${CHUNK_HEAD}"delta":{},"finish_reason":"stop"}]}\n\n`);
  const usage = `{"prompt_tokens":10,"completion_tokens":${deltas},"total_tokens":${deltas + 10}}`;
  events.push(
    `data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":0,"model":"bench","choices":[],"usage":${usage}}\n\n`,
  );
  events.push("data: [DONE]\n\n");
  return events;
}

function inLargeWrites(events, size = 64 * 1024) {
  const bytes = Buffer.from(events.join(""));
  const writes = [];
  for (let i = 0; i < bytes.length; i += size) writes.push(bytes.subarray(i, i + size));
  return writes;
}

async function startServer() {
  const streams = new Map();
  for (const { deltas } of Object.values(MODES)) {
    for (const n of [1, deltas])
      streams.set(n, { events: sseEvents(n), writes: inLargeWrites(sseEvents(n)) });
  }
  const server = createServer((req, res) => {
    // Paths look like /burst/20000/v1/chat/completions: the reader's base URL names the stream.
    const [, mode, n] = req.url.split("/");
    req.resume();
    req.on("end", async () => {
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
      const stream = streams.get(Number(n));
      if (MODES[mode].paceMs === 0) {
        for (const write of stream.writes)
          if (!res.write(write)) await new Promise((r) => res.once("drain", r));
      } else {
        for (const event of stream.events) {
          res.write(event);
          await new Promise((r) => setTimeout(r, MODES[mode].paceMs));
        }
      }
      res.end();
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { port: server.address().port, close: () => server.close() };
}

// ---------------------------------------------------------------------------------------------- child

async function child(variant, mode, port) {
  const read = await reader(variant);
  const { deltas } = MODES[mode];
  const base = (n) => `http://127.0.0.1:${port}/${mode}/${n}/v1`;
  const short = await timed(() => read(base(1)));
  const long = await timed(() => read(base(deltas)));
  if (short.count !== 1 || long.count !== deltas) {
    throw new Error(`${variant}: read ${short.count} and ${long.count} deltas, expected 1 and ${deltas}`);
  }
  const per = (a, b) => (b - a) / (deltas - 1);
  process.stdout.write(
    JSON.stringify({
      wallUsPerDelta: per(short.wallUs, long.wallUs),
      cpuUsPerDelta: per(short.cpuUs, long.cpuUs),
      threadCpuUsPerDelta: per(short.threadCpuUs, long.threadCpuUs),
      longMs: long.wallUs / 1000,
      maxRssKb: process.resourceUsage().maxRSS,
    }),
  );
}

async function timed(run) {
  const cpu = process.cpuUsage();
  const thread = mainThreadCpuUs();
  const start = process.hrtime.bigint();
  const count = await run();
  const wallUs = Number(process.hrtime.bigint() - start) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuUs = used.user + used.system;
  const threadCpuUs = thread === undefined ? cpuUs : mainThreadCpuUs() - thread;
  return { count, wallUs, cpuUs, threadCpuUs };
}

/** CPU time of this process's main thread in µs (Linux schedstat: nanoseconds on CPU), if known. */
function mainThreadCpuUs() {
  try {
    const fields = readFileSync(`/proc/self/task/${process.pid}/schedstat`, "utf8").split(" ");
    return Number(fields[0]) / 1000;
  } catch {
    return undefined;
  }
}

const REQUEST = { model: "bench", messages: [{ role: "user", content: "Count." }] };

async function reader(variant) {
  if (variant === "baseline") {
    const { request } = createRequire(join(KIT_PACKAGE, "package.json"))("undici");
    return async (baseUrl) => {
      const response = await request(`${baseUrl}/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: "Bearer sk-bench" },
        body: JSON.stringify({ ...REQUEST, stream: true }),
      });
      const decoder = new TextDecoder();
      let pending = "";
      let lines = 0;
      for await (const chunk of response.body) {
        const text = pending + decoder.decode(chunk, { stream: true });
        let start = 0;
        for (let at = text.indexOf("\n", start); at !== -1; at = text.indexOf("\n", start)) {
          if (text.startsWith("data: ", start)) lines++;
          start = at + 1;
        }
        pending = text.slice(start);
      }
      // role chunk, finish chunk, usage chunk and [DONE] are not deltas
      return lines - 4;
    };
  }
  if (variant === "elyra") {
    const { openaiCompletions } = await import(pathToFileURL(join(OPENAI_PACKAGE, "dist/index.js")).href);
    return async (baseUrl) => {
      const model = {
        provider: "bench",
        id: "bench",
        name: "bench",
        api: "openai-completions",
        baseUrl,
        reasoning: false,
        input: ["text"],
        contextWindow: 128_000,
        maxTokens: 4096,
        cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
      };
      const context = { messages: [{ role: "user", content: "Count." }] };
      let count = 0;
      for await (const event of openaiCompletions.stream(model, context, { credential: "sk-bench" })) {
        if (event.type === "text_delta") count++;
        else if (event.type === "error") throw event.error;
      }
      return count;
    };
  }
  const OpenAI = createRequire(join(OPENAI_PACKAGE, "package.json"))("openai").default;
  return async (baseUrl) => {
    const client = new OpenAI({ apiKey: "sk-bench", baseURL: baseUrl, maxRetries: 0 });
    const stream = await client.chat.completions.create({ ...REQUEST, stream: true });
    let count = 0;
    for await (const chunk of stream) if (chunk.choices[0]?.delta?.content) count++;
    return count;
  };
}

// Last, so every constant above is initialised before either role starts.
if (process.argv[2] === "--child") {
  await child(process.argv[3], process.argv[4], Number(process.argv[5]));
} else {
  await main();
}
