import type { KeySpecKind } from "./index.js";

/** A key spec read without resolving it. `text` is the spec with surrounding whitespace removed. */
export type KeySpec =
  | { readonly kind: "command"; readonly text: string; readonly command: string }
  | { readonly kind: Exclude<KeySpecKind, "command">; readonly text: string };

// What a shell accepts as a variable name. Only such a spec is looked up in the environment.
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

// Upper snake case with at least one underscore: MY_ANTHROPIC_KEY, AZURE_OPENAI_API_KEY_2. Real keys almost
// never look like this: they are mixed case (sk-ant-…, AIza…), have dashes or a lowercase prefix (gsk_, hf_),
// or are all caps with no underscore (AWS's AKIA…, vLLM's "EMPTY"), which is why one underscore is required.
const ENV_NAME = /^[A-Z][A-Z0-9_]*$/;

/** Whether `text` is a variable name that must be set: a spec like this is never sent as a key. */
export function isEnvName(text: string): boolean {
  return ENV_NAME.test(text) && text.includes("_");
}

/** Whether `text` could name an environment variable at all, so it is worth looking up. */
export function isVariableName(text: string): boolean {
  return VARIABLE_NAME.test(text);
}

export function readKeySpec(spec: string): KeySpec {
  if (typeof spec !== "string") throw new TypeError(`A key spec must be a string, got ${typeof spec}`);
  // A key never starts or ends with whitespace, and a pasted one often does.
  const text = spec.trim();
  if (text.startsWith("!")) return { kind: "command", text, command: text.slice(1).trim() };
  return { kind: isEnvName(text) ? "env" : "literal", text };
}
