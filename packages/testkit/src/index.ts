export * from "./oauth-server.js";
