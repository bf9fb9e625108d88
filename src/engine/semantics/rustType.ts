/**
 * A Rust type as plain data: what a type node, a signature in the std table or a crate's item
 * says, parsed once. Plain data, so file-wide facts outlive the chunk trees they came from.
 */
export type RustType =
  /** A named type with its generic arguments: `Option<T>`, `std::io::Error`, `u32`, `T::Err`. */
  | { kind: 'path'; path: string; args: RustType[] }
  /**
   * `lifetime` is kept only where it is written (`'static`, `'a`); it is not part of the type's
   * text, so `&'a str` and `&str` compare equal: only a conversion that needs `'static` reads it.
   */
  | { kind: 'ref'; mutable: boolean; inner: RustType; lifetime?: string }
  /** `()` is the tuple of no items. */
  | { kind: 'tuple'; items: RustType[] }
  /** `[T; N]`, or a slice `[T]` when `len` is null. */
  | { kind: 'array'; elem: RustType; len: string | null }
  /** `dyn A + B`: the trait names, without lifetimes. */
  | { kind: 'dyn'; traits: string[] }
  | { kind: 'never' }
  /** `_`, `impl Trait`, fn pointers, or text that did not parse: nothing may be concluded from it. */
  | { kind: 'unknown' };

export const UNKNOWN: RustType = { kind: 'unknown' };
export const UNIT: RustType = { kind: 'tuple', items: [] };

export function pathType(path: string, args: RustType[] = []): RustType {
  return { kind: 'path', path, args };
}

/** Parses a type written in Rust syntax; anything it does not understand becomes `unknown`. */
export function parseType(text: string): RustType {
  const parser = new TypeParser(tokenize(text));
  const type = parser.type();
  return parser.done() ? type : UNKNOWN;
}

/** The type's text in Rust syntax, normalised (no spaces inside paths, `, ` between arguments). */
export function typeText(t: RustType): string {
  switch (t.kind) {
    case 'path':
      return t.args.length > 0 ? `${t.path}<${t.args.map(typeText).join(', ')}>` : t.path;
    case 'ref':
      return `&${t.mutable ? 'mut ' : ''}${typeText(t.inner)}`;
    case 'tuple':
      return t.items.length === 1
        ? `(${typeText(t.items[0] as RustType)},)`
        : `(${t.items.map(typeText).join(', ')})`;
    case 'array':
      return t.len === null ? `[${typeText(t.elem)}]` : `[${typeText(t.elem)}; ${t.len}]`;
    case 'dyn':
      return `dyn ${t.traits.join(' + ')}`;
    case 'never':
      return '!';
    case 'unknown':
      return '_';
  }
}

/** Whether nothing unknown hides anywhere in the type. */
export function isKnown(t: RustType): boolean {
  switch (t.kind) {
    case 'unknown':
      return false;
    case 'path':
      return t.args.every(isKnown);
    case 'ref':
      return isKnown(t.inner);
    case 'tuple':
      return t.items.every(isKnown);
    case 'array':
      return isKnown(t.elem);
    default:
      return true;
  }
}

export function sameType(a: RustType, b: RustType): boolean {
  return isKnown(a) && isKnown(b) && typeText(a) === typeText(b);
}

/** The last segment of a path type's name: `Error` for `std::io::Error`. */
export function lastSegment(path: string): string {
  const at = path.lastIndexOf('::');
  return at < 0 ? path : path.slice(at + 2);
}

/** Replaces the single-letter generics (`T`, `K`, `Self`…) that `bindings` names. */
export function substitute(t: RustType, bindings: ReadonlyMap<string, RustType>): RustType {
  switch (t.kind) {
    case 'path': {
      const bound = t.args.length === 0 ? bindings.get(t.path) : undefined;
      if (bound) return bound;
      return { kind: 'path', path: t.path, args: t.args.map((a) => substitute(a, bindings)) };
    }
    default:
      return mapComponents(t, (u) => substitute(u, bindings));
  }
}

/** `t` with `f` applied to the types right inside a reference, tuple or array; any other as it is. */
export function mapComponents(t: RustType, f: (u: RustType) => RustType): RustType {
  switch (t.kind) {
    case 'ref':
      return { ...t, inner: f(t.inner) };
    case 'tuple':
      return { kind: 'tuple', items: t.items.map(f) };
    case 'array':
      return { kind: 'array', elem: f(t.elem), len: t.len };
    default:
      return t;
  }
}

/**
 * Binds an item's own generic parameters (an alias's, a struct's, a callee's) to the arguments
 * a use of it determines, in one pass: a parameter with no argument is unknown, and so is any
 * path under it (`T::Err`), whose meaning depends on the argument. A generic name belongs to the
 * item that declares it: the same `T` in the caller is another type.
 */
export function bindGenerics(
  t: RustType,
  names: readonly string[],
  args: ReadonlyMap<string, RustType> = new Map(),
): RustType {
  if (names.length === 0) return t;
  const again = (u: RustType) => bindGenerics(u, names, args);
  switch (t.kind) {
    case 'path': {
      const first = t.path.split('::')[0] ?? '';
      if (names.includes(first)) {
        if (t.path !== first || t.args.length > 0) return UNKNOWN;
        return args.get(first) ?? UNKNOWN;
      }
      return { kind: 'path', path: t.path, args: t.args.map(again) };
    }
    case 'dyn':
      return t.traits.some((x) => names.includes(x.split('::')[0] ?? '')) ? UNKNOWN : t;
    default:
      return mapComponents(t, again);
  }
}

type Token = string;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const re = /\s+|(::|->|'[A-Za-z_]\w*|[A-Za-z_]\w*|\d+|[<>(),;[\]&*+=!?:_{}]|\S)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) if (m[1]) tokens.push(m[1]);
  return tokens;
}

class TypeParser {
  private at = 0;
  constructor(private readonly tokens: Token[]) {}

  done(): boolean {
    return this.at === this.tokens.length;
  }

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.at + offset];
  }

  private eat(token: Token): boolean {
    if (this.peek() !== token) return false;
    this.at++;
    return true;
  }

  type(): RustType {
    const t = this.peek();
    if (t === undefined) return UNKNOWN;
    if (t === '&') {
      this.at++;
      const lifetime = this.peek()?.startsWith("'") ? this.tokens[this.at++] : undefined;
      const mutable = this.eat('mut');
      const inner = this.type();
      return lifetime ? { kind: 'ref', mutable, inner, lifetime } : { kind: 'ref', mutable, inner };
    }
    if (t === '*') {
      this.at++;
      if (!this.eat('const')) this.eat('mut');
      this.type();
      return UNKNOWN;
    }
    if (t === '(') return this.tuple();
    if (t === '[') return this.array();
    if (t === '!') {
      this.at++;
      return { kind: 'never' };
    }
    if (t === '_') {
      this.at++;
      return UNKNOWN;
    }
    if (t === 'dyn') {
      this.at++;
      return this.bounds();
    }
    if (t === 'impl') return this.implTrait();
    if (t === 'fn' || t === 'unsafe' || t === 'extern' || t === 'for') {
      this.skipRest();
      return UNKNOWN;
    }
    if (t === '<') return this.qualifiedPath();
    if (/^[A-Za-z_]/.test(t) || (t === '::' && /^[A-Za-z_]/.test(this.peek(1) ?? ''))) return this.path();
    this.skipRest();
    return UNKNOWN;
  }

  /** `impl Iterator<Item = T>` is an iterator of `T`; any other `impl Trait` is unknown. */
  private implTrait(): RustType {
    this.eat('impl');
    const bound = this.bounds();
    const single = bound.kind === 'dyn' && bound.traits.length === 1 ? bound.traits[0] : undefined;
    if (
      single &&
      /^((std|core)::iter::)?(Iterator|ExactSizeIterator|DoubleEndedIterator)$/.test(single) &&
      this.lastItem
    )
      return { kind: 'path', path: 'Iterator', args: [this.lastItem] };
    return UNKNOWN;
  }

  /** The `Item = T` binding of the last path parsed in bounds. */
  private lastItem: RustType | null = null;

  /** Stops the parse: the caller sees leftover tokens or an unknown type. */
  private skipRest(): void {
    this.at = this.tokens.length + 1;
  }

  private tuple(): RustType {
    this.eat('(');
    const items: RustType[] = [];
    while (!this.eat(')')) {
      if (this.at >= this.tokens.length) return UNKNOWN;
      items.push(this.type());
      if (!this.eat(',') && this.peek() !== ')') return this.fail();
    }
    // `(T)` is T in parentheses, not a tuple.
    return items.length === 1 && this.tokens[this.at - 2] !== ','
      ? (items[0] as RustType)
      : { kind: 'tuple', items };
  }

  private array(): RustType {
    this.eat('[');
    const elem = this.type();
    if (this.eat(']')) return { kind: 'array', elem, len: null };
    if (!this.eat(';')) return this.fail();
    const len: Token[] = [];
    while (this.peek() !== undefined && this.peek() !== ']') len.push(this.tokens[this.at++] as Token);
    if (!this.eat(']')) return this.fail();
    return { kind: 'array', elem, len: len.join('') };
  }

  private bounds(): RustType {
    const traits: string[] = [];
    for (;;) {
      if (this.peek()?.startsWith("'")) this.at++;
      else if (this.eat('?')) this.path();
      else {
        const bound = this.path();
        if (bound.kind !== 'path') return this.fail();
        traits.push(bound.path);
      }
      if (!this.eat('+')) break;
    }
    return { kind: 'dyn', traits };
  }

  /** `<T as Trait>::Name`: kept as `T::Name`, which is how the same type is usually written. */
  private qualifiedPath(): RustType {
    this.eat('<');
    const self = this.type();
    if (this.eat('as')) this.path();
    if (!this.eat('>') || !this.eat('::')) return this.fail();
    const rest = this.path();
    if (self.kind !== 'path' || rest.kind !== 'path') return this.fail();
    return { kind: 'path', path: `${self.path}::${rest.path}`, args: rest.args };
  }

  private path(): RustType {
    const segments: string[] = [];
    let args: RustType[] = [];
    // `::std::io::Result`: a path from the crates' root, the same as `std::io::Result`.
    if (this.peek() === '::') this.at++;
    for (;;) {
      const name = this.peek();
      if (!name || !/^[A-Za-z_]\w*$/.test(name)) return this.fail();
      this.at++;
      segments.push(name);
      if (this.peek() === '<' || (this.peek() === '::' && this.peek(1) === '<')) {
        this.eat('::');
        args = this.generics();
      }
      if (this.peek() === '::' && /^[A-Za-z_]/.test(this.peek(1) ?? '')) {
        this.at++;
        continue;
      }
      break;
    }
    return { kind: 'path', path: segments.join('::'), args };
  }

  private generics(): RustType[] {
    this.eat('<');
    const args: RustType[] = [];
    while (!this.eat('>')) {
      if (this.at >= this.tokens.length) return [UNKNOWN];
      if (this.peek()?.startsWith("'")) this.at++;
      else if (/^[A-Za-z_]\w*$/.test(this.peek() ?? '') && this.peek(1) === '=') {
        // `Item = T`: an associated type binding, kept as an argument.
        const isItem = this.peek() === 'Item';
        this.at += 2;
        const bound = this.type();
        if (isItem) this.lastItem = bound;
        args.push(bound);
      } else args.push(this.type());
      if (!this.eat(',') && this.peek() !== '>') {
        // `>>` is two closing brackets to this parser only if the tokenizer split it; it does.
        return [UNKNOWN];
      }
    }
    return args;
  }

  private fail(): RustType {
    this.skipRest();
    return UNKNOWN;
  }
}

/**
 * Whether a type is known to be an owned `Option` or `Result` (not a reference to one): a rewrite
 * that moves the value out (`x?`, `if let Some(x) = x`) compiles only then.
 */
export function isOwnedOptionOrResult(t: RustType): boolean {
  return t.kind === 'path' && (t.path === 'Option' || t.path === 'Result');
}
