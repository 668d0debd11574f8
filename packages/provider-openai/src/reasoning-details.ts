import { isRecord, type Payload } from "./stream-payload.js";

/** Fields of a streamed reasoning detail that arrive in pieces and are joined; the rest are replaced. */
const JOINED_FIELDS = ["text", "summary", "data"] as const;

/**
 * OpenRouter's `reasoning_details`, assembled from a stream. Each delta carries fragments of details
 * addressed by `index`: text, then (for Anthropic) a `signature`, or an opaque `reasoning.encrypted`
 * `data` blob. The assembled array is what OpenRouter wants back, verbatim, to continue the reasoning on
 * the same model, so it becomes the thinking block's signature.
 */
export class ReasoningDetails {
  private readonly details: Payload[] = [];
  private readonly byIndex = new Map<number, Payload>();

  /** Merge one delta's details. Returns their readable text, for when the delta has no `reasoning`. */
  add(fragments: unknown[]): string {
    let text = "";
    for (const fragment of fragments) {
      if (!isRecord(fragment)) continue;
      text += readableText(fragment);
      this.merge(fragment);
    }
    return text;
  }

  get isEmpty(): boolean {
    return this.details.length === 0;
  }

  /** True when the details hold reasoning only in encrypted form. */
  get onlyEncrypted(): boolean {
    return this.details.every((detail) => detail.type === "reasoning.encrypted");
  }

  toJSON(): Payload[] {
    return this.details;
  }

  private merge(fragment: Payload): void {
    const index = typeof fragment.index === "number" ? fragment.index : undefined;
    const existing = index === undefined ? undefined : this.byIndex.get(index);
    if (!existing || existing.type !== fragment.type) {
      // The parsed fragment is ours alone, so it can be kept as the detail it starts.
      this.details.push(fragment);
      if (index !== undefined) this.byIndex.set(index, fragment);
      return;
    }
    for (const [key, value] of Object.entries(fragment)) {
      if (value === null || value === undefined || value === "") continue;
      const joined = (JOINED_FIELDS as readonly string[]).includes(key);
      existing[key] = joined && typeof existing[key] === "string" ? existing[key] + String(value) : value;
    }
  }
}

function readableText(detail: Payload): string {
  if (detail.type === "reasoning.text" && typeof detail.text === "string") return detail.text;
  if (detail.type === "reasoning.summary" && typeof detail.summary === "string") return detail.summary;
  return "";
}
