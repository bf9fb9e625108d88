// Whether `"literal".parse::<T>()` succeeds, decided the way std's `FromStr` impls decide it.
// Only the types below are known; the answer is never a guess: where std's grammar is wider than
// what is checked here (an IPv6 address with an embedded IPv4 part, a port with leading zeros),
// the answer is "not known to parse". test/literalParse.test.ts runs each case through rustc.

const INTEGER_BITS: Record<string, [bits: number, signed: boolean]> = {
  u8: [8, false],
  u16: [16, false],
  u32: [32, false],
  u64: [64, false],
  u128: [128, false],
  usize: [16, false], // the narrowest target's width (16 bits): true there is true everywhere
  i8: [8, true],
  i16: [16, true],
  i32: [32, true],
  i64: [64, true],
  i128: [128, true],
  isize: [16, true],
};

/** `<int>::from_str`: an optional sign (`-` only when signed), then decimal digits, in range. */
function parsesInteger(text: string, bits: number, signed: boolean): boolean {
  if (!(signed ? /^[+-]?\d+$/ : /^\+?\d+$/).test(text)) return false;
  const value = BigInt(text.replace(/^\+/, ''));
  const max = (1n << BigInt(signed ? bits - 1 : bits)) - 1n;
  const min = signed ? -(1n << BigInt(bits - 1)) : 0n;
  return value >= min && value <= max;
}

/** `f32`/`f64::from_str`: decimal with an optional exponent, or inf/infinity/nan (any case). */
const FLOAT = /^[+-]?(inf|infinity|nan|(\d+\.?\d*|\.\d+)(e[+-]?\d+)?)$/i;

/** Four decimal octets without leading zeros, as std requires. */
function parsesIpv4(text: string): boolean {
  const parts = text.split('.');
  return parts.length === 4 && parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255);
}

/** Eight groups of 1–4 hex digits, or fewer with one `::` standing for at least one group. */
function parsesIpv6(text: string): boolean {
  const group = (g: string) => /^[0-9a-fA-F]{1,4}$/.test(g);
  const at = text.indexOf('::');
  if (at < 0) {
    const groups = text.split(':');
    return groups.length === 8 && groups.every(group);
  }
  if (text.indexOf('::', at + 1) >= 0 || text.includes(':::')) return false;
  const side = (s: string) => (s === '' ? [] : s.split(':'));
  const head = side(text.slice(0, at));
  const tail = side(text.slice(at + 2));
  return head.length + tail.length <= 7 && [...head, ...tail].every(group);
}

/** A port without leading zeros (std accepts them; left out to keep the check simple). */
function parsesPort(text: string): boolean {
  return /^(0|[1-9]\d{0,4})$/.test(text) && Number(text) <= 65535;
}

function parsesSocketV4(text: string): boolean {
  const at = text.lastIndexOf(':');
  return at > 0 && parsesIpv4(text.slice(0, at)) && parsesPort(text.slice(at + 1));
}

function parsesSocketV6(text: string): boolean {
  const m = /^\[([^\]]*)\]:([^:]*)$/.exec(text);
  return !!m && parsesIpv6(m[1] ?? '') && parsesPort(m[2] ?? '');
}

const PARSERS: Record<string, (text: string) => boolean> = {
  f32: (t) => FLOAT.test(t),
  f64: (t) => FLOAT.test(t),
  bool: (t) => t === 'true' || t === 'false',
  char: (t) => [...t].length === 1,
  String: () => true,
  'std::net::Ipv4Addr': parsesIpv4,
  'std::net::Ipv6Addr': parsesIpv6,
  'std::net::IpAddr': (t) => parsesIpv4(t) || parsesIpv6(t),
  'std::net::SocketAddrV4': parsesSocketV4,
  'std::net::SocketAddrV6': parsesSocketV6,
  'std::net::SocketAddr': (t) => parsesSocketV4(t) || parsesSocketV6(t),
};

/** The types whose parse of a literal is decided here, as the semantic model names them. */
export function isParseKnown(typePath: string): boolean {
  return typePath in INTEGER_BITS || typePath in PARSERS;
}

/** Whether std's `FromStr` for `typePath` accepts `text`; false when not known. */
export function literalParses(typePath: string, text: string): boolean {
  const int = INTEGER_BITS[typePath];
  if (int) return parsesInteger(text, int[0], int[1]);
  return PARSERS[typePath]?.(text) ?? false;
}

/**
 * The value of a string literal's source text, when it has no escapes: `"a"`, `r"a"`, `r#"a"#`.
 * Null for anything else, so that an escape is never misread.
 */
export function literalValue(source: string): string | null {
  const plain = /^"([^"\\]*)"$/s.exec(source);
  if (plain) return plain[1] ?? '';
  const raw = /^r(#*)"(.*)"\1$/s.exec(source);
  return raw ? (raw[2] ?? '') : null;
}
