// The part of TOML that Cargo.toml and clippy.toml use, read without a library (the package list is
// fixed): tables, arrays of tables, dotted and quoted keys, inline tables, strings of all four
// kinds, numbers, booleans, dates (kept as text), arrays over several lines, comments. It never
// throws: a line it cannot read becomes an error with its line number and is skipped.

export type TomlValue = string | number | boolean | TomlValue[] | TomlTable;
export interface TomlTable {
  [key: string]: TomlValue;
}

export interface TomlError {
  /** 0-based. */
  line: number;
  message: string;
}

export interface TomlDocument {
  root: TomlTable;
  errors: TomlError[];
  /** The 0-based line where `key` of `table` was written, if it was. */
  lineOf(table: TomlTable, key: string): number | undefined;
}

class TomlSyntaxError extends Error {}

/** Whether a value is a table (not an array, not a scalar). */
export function isTable(value: TomlValue | undefined): value is TomlTable {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A key's value, through a path of tables; undefined where one is missing or not a table. */
export function tomlGet(table: TomlTable, ...path: string[]): TomlValue | undefined {
  let value: TomlValue | undefined = table;
  for (const key of path) {
    if (!isTable(value) || !Object.hasOwn(value, key)) return undefined;
    value = value[key];
  }
  return value;
}

function newTable(): TomlTable {
  // No prototype: a key named `__proto__` or `constructor` is an ordinary key.
  return Object.create(null) as TomlTable;
}

const BARE_KEY = /[A-Za-z0-9_-]/;
const ESCAPES: Record<string, string> = { b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', '"': '"', '\\': '\\' };

export function parseToml(text: string): TomlDocument {
  const reader = new Reader(text.replace(/^\uFEFF/, ''));
  return reader.document();
}

class Reader {
  private pos = 0;
  private line = 0;
  private readonly root = newTable();
  private readonly errors: TomlError[] = [];
  private readonly lines = new WeakMap<TomlTable, Map<string, number>>();
  /** Tables a `[header]` defined, and inline tables/arrays, which may not be added to later. */
  private readonly closed = new WeakSet<object>();
  private readonly headerTables = new WeakSet<TomlTable>();

  constructor(private readonly text: string) {}

  document(): TomlDocument {
    let current = this.root;
    while (this.pos < this.text.length) {
      let header = false;
      try {
        this.skipBlank();
        if (this.pos >= this.text.length) break;
        const c = this.text[this.pos];
        if (c === '\n' || c === '#') {
          this.endOfLine();
          continue;
        }
        header = c === '[';
        if (header) current = this.header();
        else this.keyValue(current);
        this.endOfLine();
      } catch (error) {
        const message = error instanceof TomlSyntaxError ? error.message : String(error);
        this.errors.push({ line: this.line, message });
        // Go on from the line after the one that failed; after a bad header, its keys go nowhere.
        if (header) current = newTable();
        this.skipLine();
      }
    }
    const lines = this.lines;
    return { root: this.root, errors: this.errors, lineOf: (table, key) => lines.get(table)?.get(key) };
  }

  private fail(message: string): never {
    throw new TomlSyntaxError(message);
  }

  private peek(offset = 0): string {
    return this.text[this.pos + offset] ?? '';
  }

  private newline(): void {
    this.pos++;
    this.line++;
  }

  private skipLine(): void {
    while (this.pos < this.text.length && this.text[this.pos] !== '\n') this.pos++;
    if (this.pos < this.text.length) this.newline();
  }

  /** Spaces and tabs. */
  private skipBlank(): void {
    while (this.peek() === ' ' || this.peek() === '\t' || (this.peek() === '\r' && this.peek(1) === '\n'))
      this.pos++;
  }

  /** Spaces, newlines and comments: inside arrays. */
  private skipBlankLinesAndComments(): void {
    for (;;) {
      this.skipBlank();
      if (this.peek() === '#') this.skipComment();
      else if (this.peek() === '\n') this.newline();
      else return;
    }
  }

  private skipComment(): void {
    while (this.pos < this.text.length && this.text[this.pos] !== '\n') this.pos++;
  }

  private endOfLine(): void {
    this.skipBlank();
    if (this.peek() === '#') this.skipComment();
    if (this.pos >= this.text.length) return;
    if (this.peek() !== '\n') this.fail(`unexpected \`${this.peek()}\` after a value`);
    this.newline();
  }

  private header(): TomlTable {
    const array = this.peek(1) === '[';
    this.pos += array ? 2 : 1;
    this.skipBlank();
    const path = this.keyPath();
    this.skipBlank();
    if (this.peek() !== ']' || (array && this.peek(1) !== ']'))
      this.fail(`expected \`${array ? ']]' : ']'}\` to close the table header`);
    this.pos += array ? 2 : 1;
    const line = this.line;
    let table = this.root;
    for (const [i, key] of path.entries()) {
      const last = i === path.length - 1;
      const existing: TomlValue | undefined = Object.hasOwn(table, key) ? table[key] : undefined;
      if (last && array) {
        if (existing === undefined) this.set(table, key, [], line);
        const list = table[key];
        if (!Array.isArray(list) || this.closed.has(list))
          this.fail(`\`${path.join('.')}\` is already defined as something other than an array of tables`);
        const item = newTable();
        list.push(item);
        this.headerTables.add(item);
        return item;
      }
      if (existing === undefined) {
        const child = newTable();
        this.set(table, key, child, line);
        table = child;
      } else if (Array.isArray(existing) && !this.closed.has(existing)) {
        const lastItem = existing[existing.length - 1];
        if (!isTable(lastItem)) this.fail(`\`${key}\` is not a table`);
        table = lastItem;
      } else if (isTable(existing) && !this.closed.has(existing)) {
        if (last && this.headerTables.has(existing)) this.fail(`table \`[${path.join('.')}]\` defined twice`);
        table = existing;
      } else {
        this.fail(`\`${path.slice(0, i + 1).join('.')}\` is already a value, not a table`);
      }
    }
    this.headerTables.add(table);
    return table;
  }

  private keyValue(table: TomlTable): void {
    const line = this.line;
    const path = this.keyPath();
    this.skipBlank();
    if (this.peek() !== '=') this.fail(`expected \`=\` after the key \`${path.join('.')}\``);
    this.pos++;
    this.skipBlank();
    const value = this.value();
    this.assign(table, path, value, line);
  }

  /** `a.b.c = v` in `table`: the dotted keys make (or extend) tables on the way. */
  private assign(table: TomlTable, path: string[], value: TomlValue, line: number): void {
    let target = table;
    for (const key of path.slice(0, -1)) {
      const existing: TomlValue | undefined = Object.hasOwn(target, key) ? target[key] : undefined;
      if (existing === undefined) {
        const child = newTable();
        this.set(target, key, child, line);
        target = child;
      } else if (isTable(existing) && !this.closed.has(existing)) target = existing;
      else this.fail(`\`${key}\` is already a value, not a table`);
    }
    const key = path[path.length - 1] as string;
    if (Object.hasOwn(target, key)) this.fail(`\`${path.join('.')}\` is defined twice`);
    this.set(target, key, value, line);
  }

  private set(table: TomlTable, key: string, value: TomlValue, line: number): void {
    table[key] = value;
    let lines = this.lines.get(table);
    if (!lines) this.lines.set(table, (lines = new Map()));
    lines.set(key, line);
  }

  private keyPath(): string[] {
    const path = [this.key()];
    for (;;) {
      this.skipBlank();
      if (this.peek() !== '.') return path;
      this.pos++;
      this.skipBlank();
      path.push(this.key());
    }
  }

  private key(): string {
    const c = this.peek();
    if (c === '"') return this.basicString();
    if (c === "'") return this.literalString();
    const start = this.pos;
    while (BARE_KEY.test(this.peek())) this.pos++;
    if (this.pos === start)
      this.fail(c === '' || c === '\n' ? 'expected a key' : `unexpected \`${c}\` in a key`);
    return this.text.slice(start, this.pos);
  }

  private value(): TomlValue {
    const c = this.peek();
    if (c === '"')
      return this.peek(1) === '"' && this.peek(2) === '"' ? this.multiLineBasic() : this.basicString();
    if (c === "'")
      return this.peek(1) === "'" && this.peek(2) === "'" ? this.multiLineLiteral() : this.literalString();
    if (c === '[') return this.array();
    if (c === '{') return this.inlineTable();
    return this.scalar();
  }

  private basicString(): string {
    this.pos++;
    let out = '';
    for (;;) {
      const c = this.peek();
      if (c === '' || c === '\n') this.fail('unterminated string');
      this.pos++;
      if (c === '"') return out;
      out += c === '\\' ? this.escape() : c;
    }
  }

  private escape(): string {
    const c = this.peek();
    this.pos++;
    const simple = ESCAPES[c];
    if (simple !== undefined) return simple;
    if (c === 'u' || c === 'U') {
      const digits = this.text.slice(this.pos, this.pos + (c === 'u' ? 4 : 8));
      if (!/^[0-9A-Fa-f]+$/.test(digits) || digits.length !== (c === 'u' ? 4 : 8))
        this.fail('bad unicode escape');
      this.pos += digits.length;
      const code = parseInt(digits, 16);
      if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) this.fail('bad unicode escape');
      return String.fromCodePoint(code);
    }
    return this.fail(`unknown escape \`\\${c}\``);
  }

  private literalString(): string {
    this.pos++;
    const start = this.pos;
    while (this.peek() !== "'") {
      if (this.peek() === '' || this.peek() === '\n') this.fail('unterminated string');
      this.pos++;
    }
    this.pos++;
    return this.text.slice(start, this.pos - 1);
  }

  private multiLineBasic(): string {
    this.pos += 3;
    this.trimFirstNewline();
    let out = '';
    for (;;) {
      const c = this.peek();
      if (c === '') this.fail('unterminated multi-line string');
      if (c === '"' && this.peek(1) === '"' && this.peek(2) === '"') {
        // Up to two quotes may end the content: `""""` is a quote then the end.
        let quotes = 3;
        while (this.peek(quotes) === '"' && quotes < 5) quotes++;
        out += '"'.repeat(quotes - 3);
        this.pos += quotes;
        return out;
      }
      if (c === '\\') {
        this.pos++;
        if (/^[ \t\r]*\n/.test(this.text.slice(this.pos, this.pos + 64)) || this.peek() === '\n') {
          // A line-ending backslash drops the newline and the whitespace after it.
          while (/[ \t\r\n]/.test(this.peek())) {
            if (this.peek() === '\n') this.newline();
            else this.pos++;
          }
        } else out += this.escape();
        continue;
      }
      if (c === '\n') this.newline();
      else this.pos++;
      out += c;
    }
  }

  private multiLineLiteral(): string {
    this.pos += 3;
    this.trimFirstNewline();
    const start = this.pos;
    for (;;) {
      const c = this.peek();
      if (c === '') this.fail('unterminated multi-line string');
      if (c === "'" && this.peek(1) === "'" && this.peek(2) === "'") {
        let quotes = 3;
        while (this.peek(quotes) === "'" && quotes < 5) quotes++;
        const out = this.text.slice(start, this.pos) + "'".repeat(quotes - 3);
        this.pos += quotes;
        return out;
      }
      if (c === '\n') this.newline();
      else this.pos++;
    }
  }

  private trimFirstNewline(): void {
    if (this.peek() === '\r' && this.peek(1) === '\n') this.pos++;
    if (this.peek() === '\n') this.newline();
  }

  private array(): TomlValue[] {
    this.pos++;
    const items: TomlValue[] = [];
    for (;;) {
      this.skipBlankLinesAndComments();
      if (this.peek() === ']') {
        this.pos++;
        this.closed.add(items);
        return items;
      }
      items.push(this.value());
      this.skipBlankLinesAndComments();
      if (this.peek() === ',') this.pos++;
      else if (this.peek() !== ']') this.fail('expected `,` or `]` in an array');
    }
  }

  private inlineTable(): TomlTable {
    this.pos++;
    const table = newTable();
    // TOML 1.0 keeps inline tables on one line; newlines are accepted here (TOML 1.1 allows them).
    this.skipBlankLinesAndComments();
    if (this.peek() === '}') {
      this.pos++;
      this.closed.add(table);
      return table;
    }
    for (;;) {
      this.skipBlankLinesAndComments();
      const line = this.line;
      const path = this.keyPath();
      this.skipBlank();
      if (this.peek() !== '=') this.fail(`expected \`=\` after the key \`${path.join('.')}\``);
      this.pos++;
      this.skipBlank();
      this.assign(table, path, this.value(), line);
      this.skipBlankLinesAndComments();
      if (this.peek() === ',') {
        this.pos++;
        this.skipBlankLinesAndComments();
        if (this.peek() === '}') {
          this.pos++;
          break;
        }
      } else if (this.peek() === '}') {
        this.pos++;
        break;
      } else this.fail('expected `,` or `}` in an inline table');
    }
    this.closed.add(table);
    return table;
  }

  /** A number, boolean or date: the run of characters up to a delimiter. */
  private scalar(): TomlValue {
    const start = this.pos;
    // Dates may hold one space between the date and the time.
    while (this.pos < this.text.length && !/[\s,\]}#]/.test(this.peek())) this.pos++;
    if (
      this.peek() === ' ' &&
      /^\d{4}-\d{2}-\d{2}$/.test(this.text.slice(start, this.pos)) &&
      /\d/.test(this.peek(1))
    ) {
      this.pos++;
      while (this.pos < this.text.length && !/[\s,\]}#]/.test(this.peek())) this.pos++;
    }
    const raw = this.text.slice(start, this.pos);
    if (raw === 'true') return true;
    if (raw === 'false') return false;
    if (/^[+-]?(inf|nan)$/.test(raw))
      return raw.includes('nan') ? NaN : raw.startsWith('-') ? -Infinity : Infinity;
    if (/^[+-]?(0|[1-9](_?\d)*)$/.test(raw)) return Number(raw.replace(/_/g, ''));
    if (/^0x[0-9A-Fa-f](_?[0-9A-Fa-f])*$/.test(raw)) return parseInt(raw.slice(2).replace(/_/g, ''), 16);
    if (/^0o[0-7](_?[0-7])*$/.test(raw)) return parseInt(raw.slice(2).replace(/_/g, ''), 8);
    if (/^0b[01](_?[01])*$/.test(raw)) return parseInt(raw.slice(2).replace(/_/g, ''), 2);
    if (/^[+-]?(0|[1-9](_?\d)*)(\.\d(_?\d)*)?([eE][+-]?\d(_?\d)*)?$/.test(raw))
      return Number(raw.replace(/_/g, ''));
    // Offset/local dates and times: kept as their text, which is all a manifest needs of them.
    if (/^\d{4}-\d{2}-\d{2}([Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:\d{2})?)?$/.test(raw))
      return raw;
    if (/^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(raw)) return raw;
    return this.fail(
      raw === '' ? 'expected a value' : `\`${raw}\` is not a TOML value (a string needs quotes)`,
    );
  }
}
