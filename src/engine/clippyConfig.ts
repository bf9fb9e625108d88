// The clippy.toml settings that change what the mirrored rules report. The engine takes them as an
// option; hosts (CLI, server, scripts) read the file and call `parseClippyToml`.

export interface ClippyConfig {
  allowUnwrapInTests: boolean;
  allowExpectInTests: boolean;
  allowUnwrapInConsts: boolean;
  allowExpectInConsts: boolean;
  /** missing-safety-doc also checks items not reachable from outside the crate. */
  checkPrivateItems: boolean;
  /** undocumented-unsafe-block: a comment above the enclosing statement counts. */
  acceptCommentAboveStatement: boolean;
  /** undocumented-unsafe-block: a comment above the attributes counts. */
  acceptCommentAboveAttributes: boolean;
  /** The crate's minimum Rust version, `[major, minor, patch]`; null when unknown (the newest). */
  msrv: [number, number, number] | null;
}

/** Clippy's own defaults. */
export const DEFAULT_CLIPPY_CONFIG: ClippyConfig = {
  allowUnwrapInTests: false,
  allowExpectInTests: false,
  allowUnwrapInConsts: true,
  allowExpectInConsts: true,
  checkPrivateItems: false,
  acceptCommentAboveStatement: true,
  acceptCommentAboveAttributes: true,
  msrv: null,
};

const BOOLEANS: Record<string, keyof ClippyConfig> = {
  'allow-unwrap-in-tests': 'allowUnwrapInTests',
  'allow-expect-in-tests': 'allowExpectInTests',
  'allow-unwrap-in-consts': 'allowUnwrapInConsts',
  'allow-expect-in-consts': 'allowExpectInConsts',
  'check-private-items': 'checkPrivateItems',
  'accept-comment-above-statement': 'acceptCommentAboveStatement',
  'accept-comment-above-attributes': 'acceptCommentAboveAttributes',
};

/** `"1.58"` / `"1.58.1"` as a version; null when it is not one. */
export function parseVersion(text: string): [number, number, number] | null {
  const m = /^\s*(\d+)\.(\d+)(?:\.(\d+))?\s*$/.exec(text);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : null;
}

/** Whether `msrv` (null: no limit) is at least `major.minor`. */
export function msrvAtLeast(msrv: readonly number[] | null, major: number, minor: number): boolean {
  if (!msrv) return true;
  const [ma = 0, mi = 0] = msrv;
  return ma > major || (ma === major && mi >= minor);
}

/**
 * The settings above from a clippy.toml's text: top-level `key = value` lines only, which is all
 * these settings use; unknown keys and malformed lines are left to clippy to complain about.
 */
export function parseClippyToml(text: string, base: ClippyConfig = DEFAULT_CLIPPY_CONFIG): ClippyConfig {
  const config: ClippyConfig = { ...base };
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*$/, '').trim();
    if (line.startsWith('[')) break;
    const m = /^"?([a-z-]+)"?\s*=\s*(.+)$/.exec(line);
    if (!m || !m[1] || !m[2]) continue;
    const value = m[2].trim();
    const key = BOOLEANS[m[1]];
    if (key && (value === 'true' || value === 'false')) Object.assign(config, { [key]: value === 'true' });
    if (m[1] === 'msrv' || m[1] === 'min-rust-version') {
      config.msrv = parseVersion(value.replace(/^["']|["']$/g, '')) ?? config.msrv;
    }
  }
  return config;
}

/** `rust-version = "1.58"` in a Cargo.toml's `[package]` table; null when absent. */
export function cargoRustVersion(text: string): [number, number, number] | null {
  let inPackage = false;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*$/, '').trim();
    if (line.startsWith('[')) inPackage = line === '[package]';
    const m = inPackage && /^rust-version\s*=\s*["']([^"']+)["']/.exec(line);
    if (m && m[1]) return parseVersion(m[1]);
  }
  return null;
}
