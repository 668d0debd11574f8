#!/usr/bin/env node
// Start-up cost of the built CLI against bare node, measured in the same run.
//   node bench/startup.mjs [--runs 30]
// Needs `pnpm build` first. Spawns are interleaved (one of each per round) so machine noise hits every
// command alike; medians are reported. A temp ELYRA_AGENT_DIR with one provider key keeps --list-models
// realistic (it reads settings, models.json, auth.json and one provider's catalog) and off the real home.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const runsArg = process.argv.indexOf("--runs");
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 30;
const cli = fileURLToPath(new URL("../apps/cli/bin/elyra.cjs", import.meta.url));
if (!existsSync(fileURLToPath(new URL("../apps/cli/dist/index.js", import.meta.url)))) {
  console.error("bench/startup.mjs: build first (pnpm build)");
  process.exit(2);
}

const agentDir = mkdtempSync(join(tmpdir(), "elyra-bench-"));
const env = {
  PATH: process.env.PATH,
  HOME: agentDir,
  ELYRA_AGENT_DIR: agentDir,
  ANTHROPIC_API_KEY: "sk-ant-bench",
  NO_COLOR: "1",
};

const commands = [
  { name: "node -e 0", args: ["-e", "0"], target: undefined },
  { name: "elyra --version", args: [cli, "--version"], target: 1.3 },
  { name: "elyra --help", args: [cli, "--help"], target: 2.5 },
  { name: "elyra --list-models", args: [cli, "--list-models"], target: 2.5 },
];

const samples = commands.map(() => []);
const rss = commands.map(() => 0);
for (let round = -2; round < runs; round++) {
  commands.forEach((command, i) => {
    const started = process.hrtime.bigint();
    const result = spawnSync(process.execPath, command.args, { env, encoding: "utf8" });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (result.status !== 0) throw new Error(`${command.name} exited ${result.status}: ${result.stderr}`);
    if (round >= 0) samples[i].push(ms); // two warm-up rounds
  });
}
// Peak RSS per command from one extra run each, read by the child itself at exit.
commands.forEach((command, i) => {
  const probe = spawnSync(
    process.execPath,
    [
      "--import",
      "data:text/javascript,process.on('exit',()=>process.stderr.write('RSS '+process.resourceUsage().maxRSS+'\\n'))",
      ...command.args,
    ],
    { env, encoding: "utf8" },
  );
  rss[i] = Number(/RSS (\d+)/.exec(probe.stderr)?.[1] ?? 0) / 1024;
});
rmSync(agentDir, { recursive: true, force: true });

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const base = median(samples[0]);
console.log(`start-up, ${runs} interleaved runs each, medians (node ${process.version})\n`);
console.log("command               median ms   × node   target   max RSS");
commands.forEach((command, i) => {
  const m = median(samples[i]);
  const ratio = m / base;
  const verdict =
    command.target === undefined
      ? ""
      : ratio <= command.target
        ? `≤${command.target} ok`
        : `≤${command.target} MISSED`;
  console.log(
    `${command.name.padEnd(20)}  ${m.toFixed(1).padStart(9)}   ${ratio.toFixed(2).padStart(6)}   ${verdict.padEnd(11)} ${rss[i].toFixed(0)} MB`,
  );
});
