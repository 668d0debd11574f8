/**
 * The slice of Google's GenerateContent wire format that Elyra writes. The Gemini API (v1beta) and Vertex AI
 * share it; only the URL and the credential differ. Responses are read field by field with type checks
 * instead of through these types, because a stream is untrusted input.
 */

export interface GeminiInlineData {
  mimeType: string;
  /** base64 */
  data: string;
}

export interface GeminiFunctionCall {
  name: string;
  args: Record<string, unknown>;
}

export interface GeminiFunctionResponse {
  name: string;
  /** `{output}` for a result, `{error}` for a failure: the keys Google's documentation uses. */
  response: { output: string } | { error: string };
}

export interface GeminiPart {
  text?: string;
  /** The text is the model's reasoning (a thought summary), not its answer. */
  thought?: boolean;
  /** Opaque replay data; sent back, unchanged, only to the model that produced it. */
  thoughtSignature?: string;
  inlineData?: GeminiInlineData;
  functionCall?: GeminiFunctionCall;
  functionResponse?: GeminiFunctionResponse;
}

export interface GeminiContent {
  role: "user" | "model";
  parts: GeminiPart[];
}

export interface GeminiFunctionDeclaration {
  name: string;
  description: string;
  /** Plain JSON Schema, as opposed to `parameters`, which takes Google's OpenAPI-subset Schema message. */
  parametersJsonSchema: Record<string, unknown>;
}

export interface GeminiThinkingConfig {
  includeThoughts: true;
  /** Gemini 2.5: a token budget. */
  thinkingBudget?: number;
  /** Gemini 3: MINIMAL, LOW, MEDIUM or HIGH. Sending both fields is a 400. */
  thinkingLevel?: string;
}

export interface GeminiGenerationConfig {
  maxOutputTokens?: number;
  temperature?: number;
  thinkingConfig?: GeminiThinkingConfig;
}

export interface GeminiRequest {
  contents: GeminiContent[];
  systemInstruction?: { parts: { text: string }[] };
  tools?: { functionDeclarations: GeminiFunctionDeclaration[] }[];
  generationConfig?: GeminiGenerationConfig;
}
