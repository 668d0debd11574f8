/**
 * A provider-neutral description of one assistant turn. Each wire API's script module turns it into the
 * exact bytes that API streams, so registry and CLI tests can script conversations for any provider.
 */
export interface ScriptedTurn {
  text?: string;
  thinking?: string;
  toolCalls?: { id: string; name: string; arguments: Record<string, unknown> }[];
  usage?: { input: number; output: number; cacheRead?: number; cacheWrite?: number };
  /** Defaults to "toolUse" when there are tool calls, else "stop". */
  stopReason?: "stop" | "length" | "toolUse";
  /** Split text, thinking and tool arguments into deltas of this many characters (default 8). */
  chunkSize?: number;
}

/** Split a string into pieces of at most `size` characters (at least one piece, possibly empty). */
export function pieces(text: string, size = 8): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out.length > 0 ? out : [""];
}
