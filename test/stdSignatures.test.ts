import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseType, substitute, typeText, type RustType } from '../src/engine/semantics/rustType';
import {
  STD_ERROR_FROM,
  STD_ERROR_TYPES,
  STD_GENERIC_ERROR_TYPES,
  STD_FROM_STR_ERRORS,
  STD_FUNCTIONS,
  STD_METHODS,
  STD_SEND_SYNC_TYPES,
  type StdFunction,
  type StdMethod,
} from '../src/engine/semantics/stdSignatures';
import { compileRust } from './support/rustc';

// Every entry becomes one small Rust fn that calls its example and checks that the result has exactly
// the entry's return type; rustc type-checks the lot. A failing line maps back to the entry.

const INTEGERS = ['i8', 'i16', 'i32', 'i64', 'i128', 'isize', 'u8', 'u16', 'u32', 'u64', 'u128', 'usize'];

/** What the single-letter generics stand for in the generated code. */
const BINDINGS: Readonly<Record<string, string>> = {
  T: 'i32',
  K: 'String',
  V: 'i32',
  E: 'String',
  R: 'std::fs::File',
  W: 'std::fs::File',
};

/** Unsized receivers: the parameter is a reference to them. */
const UNSIZED = new Set(['str', 'std::path::Path', 'std::ffi::OsStr', 'std::ffi::CStr']);
/** Receivers written without their lifetime in the table. */
const NEEDS_LIFETIME = new Set(['std::io::StdinLock', 'std::io::StdoutLock', 'std::io::StderrLock']);

// `same::<X, _>(&v)` compiles only if `v` has exactly type X: unlike a `let` with a type, it allows
// no coercion (`&mut T` to `&T`, `&String` to `&str`, `!` to anything).
const PRELUDE = `use std::io::{BufRead, Read, Seek, Write};
use std::fmt::Write as _;
trait Is<T> {}
impl<T> Is<T> for T {}
fn same<X, Y: Is<X>>(_: &Y) {}
`;

function bindLetters(text: string): string {
  return text.replace(/\b[A-Z]\b/g, (letter) => BINDINGS[letter] ?? letter);
}

/** The Rust type of `x` for a receiver (`int` is the integer standing for `{int}`). */
function receiverParam(on: string, int: string): string {
  if (on === '{int}') return int;
  const iter = /^Iterator<(.*)>$/.exec(on);
  if (iter) {
    const item = bindLetters(iter[1] ?? '');
    return item.startsWith('&')
      ? `std::slice::Iter<'static, ${item.slice(1)}>`
      : `std::vec::IntoIter<${item}>`;
  }
  if (on.startsWith('[') || on.startsWith('dyn ')) return `&mut ${bindLetters(on)}`;
  if (UNSIZED.has(on)) return `&${on}`;
  if (NEEDS_LIFETIME.has(on)) return `${on}<'static>`;
  return bindLetters(on);
}

function bindings(self: string | null): Map<string, RustType> {
  const map = new Map<string, RustType>();
  for (const [letter, type] of Object.entries(BINDINGS)) map.set(letter, parseType(type));
  if (self !== null) map.set('Self', parseType(self));
  return map;
}

function isIterator(t: RustType): t is { kind: 'path'; path: 'Iterator'; args: [RustType] } {
  return t.kind === 'path' && t.path === 'Iterator' && t.args.length === 1;
}

function containsIterator(t: RustType): boolean {
  switch (t.kind) {
    case 'path':
      return isIterator(t) || t.args.some(containsIterator);
    case 'ref':
      return containsIterator(t.inner);
    case 'tuple':
      return t.items.some(containsIterator);
    case 'array':
      return containsIterator(t.elem);
    default:
      return false;
  }
}

/** Statements that compile only if `expr` has type `t` (with `Iterator<X>` meaning any iterator of X). */
function checkStatements(t: RustType, expr: string): string {
  if (t.kind === 'never') return `let _r = || -> ! { ${expr} };`;
  if (isIterator(t)) return `same::<Option<${typeText(t.args[0])}>, _>(&Iterator::next(&mut (${expr})));`;
  if (
    t.kind === 'path' &&
    (t.path === 'Option' || t.path === 'Result') &&
    t.args[0] &&
    isIterator(t.args[0])
  ) {
    const [iter, ...rest] = t.args;
    if (rest.some(containsIterator)) throw new Error(`unsupported iterator position in ${typeText(t)}`);
    const outer = typeText({ kind: 'path', path: t.path, args: [{ kind: 'unknown' }, ...rest] });
    const pattern = t.path === 'Option' ? 'Some' : 'Ok';
    return [
      `let _r = ${expr};`,
      `same::<${outer}, _>(&_r);`,
      `let ${pattern}(mut _it) = _r else { return };`,
      `same::<Option<${typeText(iter.args[0])}>, _>(&Iterator::next(&mut _it));`,
    ].join(' ');
  }
  if (containsIterator(t)) throw new Error(`unsupported iterator position in ${typeText(t)}`);
  return `same::<${typeText(t)}, _>(&${expr});`;
}

/** The arguments of the call whose `(` is at `open`, split at top-level commas. */
function callArguments(text: string, open: number): string[] {
  const args: string[] = [];
  let depth = 0;
  let current = '';
  for (let i = open; i < text.length; i++) {
    const c = text[i] as string;
    const skipTo = (end: number) => {
      current += text.slice(i, end + 1);
      i = end;
    };
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      skipTo(j);
      continue;
    }
    if (c === "'") {
      skipTo(text[i + 1] === '\\' ? text.indexOf("'", i + 2) : i + 2);
      continue;
    }
    if (c === ':' && text.startsWith('::<', i)) {
      let j = i + 3;
      for (let angle = 1; angle > 0; j++) angle += text[j] === '<' ? 1 : text[j] === '>' ? -1 : 0;
      skipTo(j - 1);
      continue;
    }
    if (depth === 1 && c === '|') {
      // Closure parameters: their commas do not separate call arguments.
      skipTo(text[i + 1] === '|' ? i + 1 : text.indexOf('|', i + 1));
      continue;
    }
    if ('([{'.includes(c)) {
      depth++;
      if (depth === 1) continue;
    } else if (')]}'.includes(c)) {
      depth--;
      if (depth === 0) {
        if (current.trim() !== '') args.push(current.trim());
        return args;
      }
    } else if (c === ',' && depth === 1) {
      args.push(current.trim());
      current = '';
      continue;
    }
    current += c;
  }
  throw new Error(`unbalanced call in ${text}`);
}

/** Why an entry's example does not call what the entry names with its arity, if it does not. */
function exampleProblem(callee: string, arity: number, example: string): string | null {
  const at = example.indexOf(callee);
  if (at < 0) return `the example does not call ${callee}`;
  let open = at + callee.length;
  if (example.startsWith('::<', open)) {
    let angle = 1;
    for (open += 3; angle > 0; open++) angle += example[open] === '<' ? 1 : example[open] === '>' ? -1 : 0;
  }
  if (example[open] !== '(') return `the example does not call ${callee}`;
  const count = callArguments(example, open).length;
  return count === arity ? null : `the example passes ${count} arguments, the entry says ${arity}`;
}

function roundTrips(text: string): boolean {
  return typeText(parseType(text)).replace(/\s+/g, '') === text.replace(/\s+/g, '');
}

interface Generated {
  source: string;
  /** The entry each generated line belongs to, by 1-based line number. */
  owners: Map<number, string>;
  /** Problems found without rustc: unparsable types, examples that do not match their entry. */
  problems: string[];
}

function methodLabel(e: StdMethod): string {
  return `${e.on}::${e.method}/${e.arity}`;
}

function functionLabel(e: StdFunction): string {
  return `${e.path}/${e.arity}`;
}

function generate(methods: readonly StdMethod[], functions: readonly StdFunction[]): Generated {
  const lines = PRELUDE.trimEnd().split('\n');
  const owners = new Map<number, string>();
  const problems: string[] = [];
  const emit = (label: string, text: string) => {
    for (const line of text.split('\n')) {
      lines.push(line);
      owners.set(lines.length, label);
    }
  };
  const checkTypes = (label: string, types: string[]) => {
    for (const t of types)
      if (t !== '{int}' && !roundTrips(t)) problems.push(`${label}: type ${t} does not parse`);
  };
  methods.forEach((e, i) => {
    const label = methodLabel(e);
    checkTypes(label, [e.on, e.returns]);
    const problem = exampleProblem(`x.${e.method}`, e.arity, e.example);
    if (problem) problems.push(`${label}: ${problem}`);
    for (const int of e.on === '{int}' ? INTEGERS : ['i32']) {
      const self = e.on === '{int}' ? int : receiverParam(e.on, int).replace(/^&(mut )?/, '');
      const returns = substitute(parseType(e.returns), bindings(self));
      const body = checkStatements(returns, e.example);
      emit(
        `${label}${e.on === '{int}' ? ` [${int}]` : ''}`,
        `fn m${i}_${int}(mut x: ${receiverParam(e.on, int)}) {\n    ${body}\n}`,
      );
    }
  });
  functions.forEach((e, i) => {
    const label = functionLabel(e);
    checkTypes(label, [e.returns]);
    const generic = e.path.startsWith('{int}::');
    for (const int of generic ? INTEGERS : ['i32']) {
      const example = e.example.replaceAll('{int}', int);
      const path = e.path.replace('{int}', int);
      const problem = exampleProblem(path, e.arity, example.replace(/::<[^<>]*>/g, ''));
      if (problem) problems.push(`${label}: ${problem}`);
      else if (!example.replace(/::<[^<>]*>/g, '').startsWith(path))
        problems.push(`${label}: example is not a call of it`);
      const returns = substitute(parseType(e.returns), bindings(generic ? int : null));
      emit(
        `${label}${generic ? ` [${int}]` : ''}`,
        `fn f${i}_${int}() {\n    ${checkStatements(returns, example)}\n}`,
      );
    }
  });
  return { source: lines.join('\n') + '\n', owners, problems };
}

/** The entries rustc's errors point at, by the lines it reports in the generated file `name`.rs. */
function failingEntries(stderr: string, owners: Map<number, string>, name: string): string[] {
  const names = new Set<string>();
  const elsewhere = new Set<string>();
  for (const m of stderr.matchAll(/-->\s+(\S+?):(\d+):\d+/g)) {
    if (!(m[1] ?? '').endsWith(`${name}.rs`)) continue;
    const owner = owners.get(Number(m[2]));
    // Lines outside every entry (the `same` helper) only carry notes about an entry's error.
    if (owner) names.add(owner);
    else elsewhere.add(`(line ${m[2]}, not an entry)`);
  }
  return names.size > 0 ? [...names] : [...elsewhere];
}

async function assertCompiles(source: string, owners: Map<number, string>, name: string): Promise<void> {
  const result = await compileRust(source, name);
  if (result.ok) return;
  const entries = failingEntries(result.stderr, owners, name);
  assert.fail(
    `rustc rejects ${entries.length} entries:\n  ${entries.join('\n  ')}\n\n${result.stderr.slice(0, 6000)}`,
  );
}

describe('std signature table', () => {
  it('has no duplicate entries', () => {
    const methods = STD_METHODS.map(methodLabel);
    assert.deepEqual(
      methods.filter((k, i) => methods.indexOf(k) !== i),
      [],
    );
    const functions = STD_FUNCTIONS.map(functionLabel);
    assert.deepEqual(
      functions.filter((k, i) => functions.indexOf(k) !== i),
      [],
    );
  });

  it('every method and function entry type-checks with rustc', { timeout: 20_000 }, async () => {
    const generated = generate(STD_METHODS, STD_FUNCTIONS);
    assert.deepEqual(generated.problems, []);
    await assertCompiles(generated.source, generated.owners, 'std_signatures');
  });

  it('a wrong entry makes the check fail and is named', { timeout: 20_000 }, async () => {
    const wrong: StdMethod = {
      on: 'str',
      method: 'len',
      arity: 0,
      returns: 'Option<u8>',
      example: 'x.len()',
    };
    const right = STD_METHODS.filter((e) => e.on === 'str').slice(0, 3);
    const generated = generate([...right, wrong], []);
    assert.deepEqual(generated.problems, []);
    const result = await compileRust(generated.source, 'std_signatures_wrong');
    assert.equal(result.ok, false);
    assert.deepEqual(failingEntries(result.stderr, generated.owners, 'std_signatures_wrong'), ['str::len/0']);
  });

  it('a wrong arity is caught before rustc', () => {
    const wrong: StdMethod = {
      on: 'str',
      method: 'split',
      arity: 2,
      returns: 'Iterator<&str>',
      example: "x.split(',')",
    };
    assert.deepEqual(generate([wrong], []).problems, [
      'str::split/2: the example passes 1 arguments, the entry says 2',
    ]);
  });

  it('every FromStr error type is right', { timeout: 20_000 }, async () => {
    const owners = new Map<number, string>();
    const lines: string[] = [];
    Object.entries(STD_FROM_STR_ERRORS).forEach(([type, error], i) => {
      lines.push(`fn p${i}() { let _: Result<${type}, ${error}> = "1".parse::<${type}>(); }`);
      owners.set(lines.length, type);
    });
    await assertCompiles(lines.join('\n') + '\n', owners, 'std_from_str');
  });

  it("every error type is Error + Send + Sync + 'static", { timeout: 20_000 }, async () => {
    const owners = new Map<number, string>();
    const lines: string[] = [];
    STD_ERROR_TYPES.forEach((type, i) => {
      lines.push(
        `fn e${i}(e: ${type}) -> Box<dyn std::error::Error + Send + Sync + 'static> { Box::new(e) }`,
      );
      owners.set(lines.length, type);
    });
    await assertCompiles(lines.join('\n') + '\n', owners, 'std_error_types');
  });

  it(
    "every generic error type is Error + Send + Sync + 'static with such a payload",
    { timeout: 20_000 },
    async () => {
      const owners = new Map<number, string>();
      const lines: string[] = [];
      STD_GENERIC_ERROR_TYPES.forEach((type, i) => {
        lines.push(
          `fn g${i}(e: ${type}<String>) -> Box<dyn std::error::Error + Send + Sync + 'static> { Box::new(e) }`,
        );
        owners.set(lines.length, type);
      });
      await assertCompiles(lines.join('\n') + '\n', owners, 'std_generic_error_types');
    },
  );

  it('every Send + Sync data type is', { timeout: 20_000 }, async () => {
    const owners = new Map<number, string>();
    const lines = ["fn need<T: Send + Sync + 'static>() {}"];
    STD_SEND_SYNC_TYPES.forEach((type, i) => {
      lines.push(`fn s${i}() { need::<${type}>(); }`);
      owners.set(lines.length, type);
    });
    await assertCompiles(lines.join('\n') + '\n', owners, 'std_send_sync');
  });

  it('every From impl between std errors converts with `?`', { timeout: 20_000 }, async () => {
    const owners = new Map<number, string>();
    const lines: string[] = [];
    Object.entries(STD_ERROR_FROM).forEach(([to, froms], i) =>
      froms.forEach((from, j) => {
        lines.push(`fn c${i}_${j}(r: Result<u8, ${from}>) -> Result<u8, ${to}> { Ok(r?) }`);
        owners.set(lines.length, `${from} into ${to}`);
      }),
    );
    await assertCompiles(lines.join('\n') + '\n', owners, 'std_error_from');
  });
});
