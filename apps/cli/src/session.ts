import { setFlagsFromString } from "node:v8";
import { type AgentEvent, type AgentResult, codingTools, runAgent } from "@elyra/agent";
import type { ApiImplementation, Message, Model } from "@elyra/provider-kit";
import type { Registry } from "@elyra/registry";
import { systemPrompt } from "./system-prompt.js";

// undici compiles its WebAssembly HTTP parser on the first request, and V8's background tier-up of that
// module holds process exit ~150 ms after the last byte. Baseline-only compilation removes the tail
// (8.7 ms vs 147 ms measured here) and was no slower on a 20,000-event read. It must be set before the
// first connection, so it runs when a session's module loads; only the commands that talk to a model
// load it, and it is process-wide, which is why the CLI sets it and the libraries do not.
setFlagsFromString("--liftoff-only");

export interface SessionOptions {
  registry: Registry;
  model: Model;
  cwd: string;
  tools: boolean;
  /** The --api-key flag; it applies to the provider chosen at start only. */
  apiKey?: string;
}

/** One conversation: its model can change between turns (/model), its history goes on. */
export class Session {
  messages: Message[] = [];
  model: Model;
  private readonly apiKeyProvider: string;

  constructor(private readonly options: SessionOptions) {
    this.model = options.model;
    this.apiKeyProvider = options.model.provider;
  }

  async run(prompt: string, signal: AbortSignal, onEvent: (event: AgentEvent) => void): Promise<AgentResult> {
    const input: Message[] = [...this.messages, { role: "user", content: prompt, timestamp: Date.now() }];
    const result = await runAgent(input, {
      model: this.model,
      api: this.api(),
      tools: this.options.tools ? [...codingTools] : [],
      systemPrompt: systemPrompt(this.options.cwd, this.options.tools),
      cwd: this.options.cwd,
      signal,
      onEvent,
    });
    this.messages = result.messages;
    return result;
  }

  /** The registry's stream (credential, headers, prepare), shaped as the wire API the agent expects. */
  private api(): ApiImplementation {
    const { registry } = this.options;
    const apiKey = this.model.provider === this.apiKeyProvider ? this.options.apiKey : undefined;
    return {
      api: this.model.api,
      stream: (model, context, streamOptions) =>
        registry.stream(model, context, { ...streamOptions, apiKey }),
    };
  }
}
