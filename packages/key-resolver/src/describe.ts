import type { KeySpecDescription } from "./index.js";
import { readKeySpec } from "./key-spec.js";

// Below this length a literal shows no prefix: four characters of a short secret are too large a part of it.
const MIN_LENGTH_FOR_PREFIX = 20;
const PREFIX_LENGTH = 4;

/**
 * Which form `spec` is in, and a label that is safe to print: the command as written, the variable's name, or
 * the literal masked as `sk-a…(41 chars)` (`…(12 chars)` when it is shorter than 20 characters). Decided from
 * the text alone: an upper-snake-case name is "env" whether or not it is set; nothing is run or looked up.
 */
export function describeKeySpec(spec: string): KeySpecDescription {
  const parsed = readKeySpec(spec);
  if (parsed.kind === "literal") return { kind: "literal", label: maskLiteral(parsed.text) };
  return { kind: parsed.kind, label: parsed.text };
}

/** `sk-a…(41 chars)`: the length, and the first characters only when most of the secret stays hidden. */
function maskLiteral(text: string): string {
  // Code points, so that the count is what a person sees and the prefix never splits a character.
  const chars = [...text];
  const count = `…(${chars.length} ${chars.length === 1 ? "char" : "chars"})`;
  if (chars.length < MIN_LENGTH_FOR_PREFIX) return count;
  return chars.slice(0, PREFIX_LENGTH).join("") + count;
}
