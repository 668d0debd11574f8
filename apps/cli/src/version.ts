declare const __ELYRA_VERSION__: string | undefined;

/** Inlined by tsup at build time; running from source says so. */
export const VERSION = typeof __ELYRA_VERSION__ === "string" ? __ELYRA_VERSION__ : "0.0.0-dev";
