// What a macro call may do where it stands, beyond what its tokens show as syntax: `return` from
// the caller's fn, or declare a `let` that binds a name the caller passed in. Read from the
// file's own `macro_rules!` transcribers; a macro whose body cannot be read (another file's,
// another crate's, a proc macro) may do either.
import type { Node } from 'web-tree-sitter';
import type { FileContext } from '../context';

/**
 * std's macros (and `log`'s): none returns from its caller or binds a caller's name. `try!` is
 * not here: it returns the error.
 */
const STD_MACROS = new Set([
  'addr_of',
  'addr_of_mut',
  'assert',
  'assert_eq',
  'assert_ne',
  'cfg',
  'column',
  'compile_error',
  'concat',
  'dbg',
  'debug',
  'debug_assert',
  'debug_assert_eq',
  'debug_assert_ne',
  'env',
  'eprint',
  'eprintln',
  'error',
  'file',
  'format',
  'format_args',
  'include_bytes',
  'include_str',
  'info',
  'line',
  'matches',
  'module_path',
  'offset_of',
  'option_env',
  'panic',
  'print',
  'println',
  'stringify',
  'thread_local',
  'todo',
  'trace',
  'unimplemented',
  'unreachable',
  'vec',
  'warn',
  'write',
  'writeln',
]);

/** What some macro tokens (a transcriber, or a call's arguments) hold. */
export interface TokenFacts {
  /** A `return` token. */
  returns: boolean;
  /** A `let` whose pattern holds a metavariable (`let $name = …`): it binds a name the caller gave. */
  binds: boolean;
  /** The macros called in them, by the last segment of their path; `$` for a `$m!` call. */
  calls: string[];
  /** The identifiers in them. */
  idents: string[];
}

/** The facts of a token tree, read from its tokens (strings and comments are single tokens). */
export function tokenFacts(tokens: Node): TokenFacts {
  const leaves: Node[] = [];
  const collect = (n: Node): void => {
    if (n.childCount === 0 || n.type.endsWith('_literal')) leaves.push(n);
    else for (const c of n.children) if (c) collect(c);
  };
  collect(tokens);
  const facts: TokenFacts = { returns: false, binds: false, calls: [], idents: [] };
  for (let i = 0; i < leaves.length; i++) {
    const leaf = leaves[i] as Node;
    if (leaf.type === 'return') facts.returns = true;
    if (leaf.type === 'identifier') facts.idents.push(leaf.text);
    if (leaf.type === '!' && i > 0) {
      const before = leaves[i - 1] as Node;
      if (before.type === 'identifier') facts.calls.push(before.text);
      else if (before.type === 'metavariable') facts.calls.push('$');
    }
    if (leaf.type === 'let') {
      // The pattern runs up to the `=` (or the `;` of a `let` without a value).
      for (let j = i + 1; j < leaves.length; j++) {
        const t = (leaves[j] as Node).type;
        if (t === '=' || t === ';' || t === 'else') break;
        if (t === 'metavariable') facts.binds = true;
      }
    }
  }
  return facts;
}

/** The facts of the file's `macro_rules!` by name; several definitions of one name are all kept. */
function fileMacros(ctx: FileContext): Map<string, TokenFacts[]> {
  return ctx.fileMemo('semantics:macros', () => {
    const byName = new Map<string, TokenFacts[]>();
    for (const m of ctx.text.matchAll(/\bmacro_rules\s*!/g)) {
      const found = ctx.readNodeAt(m.index, m.index + 'macro_rules!'.length, (keyword) => {
        const definition = keyword?.parent;
        if (definition?.type !== 'macro_definition') return undefined;
        const name = definition.childForFieldName('name')?.text;
        if (!name) return undefined;
        const facts: TokenFacts[] = [];
        for (const rule of definition.namedChildren) {
          const right = rule?.type === 'macro_rule' ? rule.childForFieldName('right') : null;
          if (right) facts.push(tokenFacts(right));
        }
        return { name, facts };
      });
      if (found) byName.set(found.name, [...(byName.get(found.name) ?? []), ...found.facts]);
    }
    return byName;
  });
}

/**
 * Whether a call of the macro of this name (its path's last segment) may `return` from the fn it
 * is called in: a file macro whose transcriber, or a macro it calls, holds a `return`; or a
 * macro that is neither the file's nor std's, whose body cannot be read.
 */
export function macroMayReturn(name: string, ctx: FileContext): boolean {
  return macroMay(name, ctx, (f) => f.returns, new Set());
}

/**
 * Whether a statement call of this macro may declare a `let` that binds a name passed to it
 * (`let $name = …`), itself or through a macro it calls; or its body cannot be read.
 */
export function macroMayBind(name: string, ctx: FileContext): boolean {
  return macroMay(name, ctx, (f) => f.binds, new Set());
}

function macroMay(
  name: string,
  ctx: FileContext,
  does: (facts: TokenFacts) => boolean,
  seen: Set<string>,
): boolean {
  // A macro that calls itself (a recursive `count!`) adds nothing new the second time.
  if (seen.has(name)) return false;
  seen.add(name);
  // The file's own definition shadows std's macro of that name.
  const own = fileMacros(ctx).get(name);
  if (!own) return !STD_MACROS.has(name);
  return own.some((f) => does(f) || f.calls.some((callee) => macroMay(callee, ctx, does, seen)));
}

/** The last segment of a macro call's path: `crate::bail` → `bail`. */
export function macroName(invocation: Node): string {
  return invocation.childForFieldName('macro')?.text.replace(/^.*::/, '') ?? '';
}
