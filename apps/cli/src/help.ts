import { VERSION } from "./version.js";

export const HELP = `elyra ${VERSION} — a terminal coding agent for many LLM providers

Usage:
  elyra [prompt]                     interactive mode (/login /logout /model /help /exit)
  elyra -p "prompt"                  print mode: answer once and exit (reads stdin when piped)
  elyra --list-models [filter]       models of providers with a credential (--all: every provider; --json)
  elyra login [provider]             store an API key in auth.json (reads it from stdin when piped)
  elyra logout [provider]            remove a stored credential
  elyra auth status [--json]         which credential each provider uses, and from where

Options:
  --provider ID                      the provider to use
  -m, --model ID|PROVIDER/ID         the model to use (fuzzy; "did you mean" on a miss)
  --api-key KEY                      a key for the chosen provider only: a literal, ENV_NAME or "!command"
  --mode text|json                   print mode output: the answer, or one JSON event per line
  --no-tools                         no read/write/edit/bash
  -v, --version    -h, --help

Files: $ELYRA_AGENT_DIR (default ~/.elyra/agent): auth.json, models.json, settings.json.
Exit codes: 0 success, 1 runtime failure, 2 usage or configuration error.
`;
