export function vsceArgs(manifest: { repository?: unknown }): string[];
