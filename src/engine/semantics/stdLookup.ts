import { STD_FROM_STR_ERRORS, STD_FUNCTIONS, STD_METHODS } from './stdSignatures';
import { parseType, pathType, type RustType, substitute, typeText, UNKNOWN } from './rustType';

/** Rust's integer primitives: `{int}` in the std table stands for each of them. */
export const INTEGER_TYPES = new Set([
  'u8',
  'u16',
  'u32',
  'u64',
  'u128',
  'usize',
  'i8',
  'i16',
  'i32',
  'i64',
  'i128',
  'isize',
]);

interface Signature {
  on: RustType;
  arity: number;
  returns: RustType;
}

let methods: Map<string, Signature[]> | undefined;
let functions: Map<string, { arity: number; returns: RustType }[]> | undefined;

function methodTable(): Map<string, Signature[]> {
  if (methods) return methods;
  methods = new Map();
  for (const m of STD_METHODS) {
    const on = m.on === '{int}' ? pathType('{int}') : parseType(m.on);
    const list = methods.get(m.method) ?? [];
    list.push({ on, arity: m.arity, returns: parseType(m.returns) });
    methods.set(m.method, list);
  }
  return methods;
}

function functionTable(): Map<string, { arity: number; returns: RustType }[]> {
  if (functions) return functions;
  functions = new Map();
  for (const f of STD_FUNCTIONS) {
    const list = functions.get(f.path) ?? [];
    list.push({ arity: f.arity, returns: parseType(f.returns) });
    functions.set(f.path, list);
  }
  return functions;
}

/** Deref targets that method calls reach through, besides references and smart pointers. */
const DEREF: Record<string, (args: RustType[]) => RustType> = {
  String: () => pathType('str'),
  Vec: (args) => ({ kind: 'array', elem: args[0] ?? UNKNOWN, len: null }),
  'std::path::PathBuf': () => pathType('std::path::Path'),
  'std::ffi::OsString': () => pathType('std::ffi::OsStr'),
  'std::ffi::CString': () => pathType('std::ffi::CStr'),
  Box: (args) => args[0] ?? UNKNOWN,
  'std::rc::Rc': (args) => args[0] ?? UNKNOWN,
  'std::sync::Arc': (args) => args[0] ?? UNKNOWN,
  // Guards have no methods of their own (only associated fns): a call goes to what they guard.
  'std::cell::Ref': (args) => args[0] ?? UNKNOWN,
  'std::cell::RefMut': (args) => args[0] ?? UNKNOWN,
  'std::sync::MutexGuard': (args) => args[0] ?? UNKNOWN,
  'std::sync::RwLockReadGuard': (args) => args[0] ?? UNKNOWN,
  'std::sync::RwLockWriteGuard': (args) => args[0] ?? UNKNOWN,
};

/** The receiver types a method call tries, in order: the value, then each deref step. */
export function autoderef(t: RustType): RustType[] {
  const steps: RustType[] = [];
  let current: RustType | undefined = t;
  for (let i = 0; current && current.kind !== 'unknown' && i < 6; i++) {
    steps.push(current);
    if (current.kind === 'ref') current = current.inner;
    else if (current.kind === 'array' && current.len !== null)
      current = { kind: 'array', elem: current.elem, len: null };
    else if (current.kind === 'path') current = DEREF[current.path]?.(current.args);
    else current = undefined;
  }
  return steps;
}

/** The return type of a std method on a receiver type; null when the table does not know it. */
export function stdMethodReturn(receiver: RustType, method: string, arity: number): RustType | null {
  const candidates = methodTable().get(method);
  if (!candidates) return null;
  for (const step of autoderef(receiver)) {
    for (const sig of candidates) {
      if (sig.arity !== arity) continue;
      const bindings = new Map<string, RustType>();
      if (!unify(sig.on, step, bindings)) continue;
      bindings.set('Self', step);
      return substitute(sig.returns, bindings);
    }
  }
  return null;
}

/** The return type of a std function by its full path (`std::fs::read_to_string`, `u32::from_str_radix`). */
export function stdFunctionReturn(path: string, arity: number): RustType | null {
  const [owner, name] = splitLast(path);
  const key = INTEGER_TYPES.has(owner) ? `{int}::${name}` : path;
  const sig = functionTable()
    .get(key)
    ?.find((s) => s.arity === arity);
  if (!sig) return null;
  return substitute(sig.returns, new Map([['Self', pathType(owner)]]));
}

/** `<T as FromStr>::Err` for a std type; null when std does not parse it. */
export function stdFromStrError(t: RustType): RustType | null {
  const err = STD_FROM_STR_ERRORS[typeText(t)];
  return err ? parseType(err) : null;
}

function splitLast(path: string): [string, string] {
  const at = path.lastIndexOf('::');
  return at < 0 ? ['', path] : [path.slice(0, at), path.slice(at + 2)];
}

const GENERIC = /^[A-Z]$/;

/** Matches a table pattern against a type, binding its single-letter generics. */
function unify(pattern: RustType, t: RustType, bindings: Map<string, RustType>): boolean {
  if (pattern.kind === 'path' && pattern.args.length === 0 && GENERIC.test(pattern.path)) {
    const bound = bindings.get(pattern.path);
    if (bound) return typeText(bound) === typeText(t);
    bindings.set(pattern.path, t);
    return true;
  }
  if (pattern.kind === 'path' && pattern.path === '{int}')
    return t.kind === 'path' && INTEGER_TYPES.has(t.path);
  switch (pattern.kind) {
    case 'path':
      if (t.kind !== 'path' || t.path !== pattern.path) return false;
      // `HashMap<K, V>` matches `HashMap<K, V, S>`; missing arguments of the type are unknowns.
      return pattern.args.every((a, i) => unify(a, t.args[i] ?? UNKNOWN, bindings));
    case 'ref':
      return t.kind === 'ref' && unify(pattern.inner, t.inner, bindings);
    case 'dyn': {
      // `dyn BufRead + Send` has `dyn BufRead`'s methods.
      if (t.kind !== 'dyn' || pattern.traits.length !== 1 || t.traits[0] !== pattern.traits[0]) return false;
      return t.traits.slice(1).every((x) => x === 'Send' || x === 'Sync');
    }
    case 'array':
      return (
        t.kind === 'array' &&
        (pattern.len === null) === (t.len === null) &&
        unify(pattern.elem, t.elem, bindings)
      );
    case 'tuple':
      return (
        t.kind === 'tuple' &&
        t.items.length === pattern.items.length &&
        pattern.items.every((p, i) => unify(p, t.items[i] as RustType, bindings))
      );
    default:
      return false;
  }
}
