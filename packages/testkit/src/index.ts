/**
 * @elyra/testkit — loopback servers and recorded fixtures for Elyra's tests. Private; never a runtime
 * dependency. It must not depend on @elyra/provider-kit, which tests with it.
 */

export { type FixtureSseOptions, fixtureAsSse, fixturesDir, listFixtures, loadFixture } from "./fixtures.js";
export {
  frameSse,
  type MockReply,
  type MockServer,
  type RecordedRequest,
  type SseItem,
  startMockServer,
} from "./mock-server.js";
export * from "./oauth-server.js";
export * from "./script.js";
export * from "./scripts/anthropic-messages.js";
export * from "./scripts/google-generative-ai.js";
export * from "./scripts/openai-completions.js";
export * from "./scripts/openai-responses.js";
