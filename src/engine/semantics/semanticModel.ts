import type { Node } from 'web-tree-sitter';
import type { FileContext } from '../context';
import { bindingOf, type Binding } from './bindings';
import type { CrateIndex, CrateView, Located } from './crateIndex';
import { CrateView as View } from './crateIndex';
import {
  associatedTypes,
  baseName,
  type FileItems,
  fileItemsOf,
  type FnItem,
  fnNameOffsets,
  hidesMethod,
  genericNames,
  type ImplItem,
  ownedBaseName,
  type TypeItem,
} from './fileItems';
import { fromStrError, tryFromError } from './conversions';
import { resolveTypeText, type TypeScope } from './resolveType';
import { declaredAt, resolveScoped } from './scopes';
import { inferredType, refinedStdFunctionReturn, refinedStdReturn } from './inference';
import { childModule, fileModule } from './modulePath';
import { instantiatedReturn } from './callGenerics';
import { boundTexts, tabledTraitObjects } from './traitBounds';
import {
  bindGenerics,
  isKnown,
  lastSegment,
  pathType,
  type RustType,
  typeText,
  UNIT,
  UNKNOWN,
} from './rustType';
import { autoderef, INTEGER_TYPES, stdFunctionReturn, stdMethodReturn } from './stdLookup';

/**
 * Types of expressions in one file, from what the code declares: bindings and their annotations or
 * initialisers, signatures in the crate, and the std table. Where a step cannot be resolved the
 * answer is `unknown`, never a guess from a name. One per FileContext; rules share it.
 */
export class SemanticModel {
  readonly crate: CrateView;
  private readonly types = new Map<string, RustType>();

  constructor(
    readonly ctx: FileContext,
    crate: CrateIndex | undefined,
    onCrateLookup?: () => void,
  ) {
    const own = fileItemsOf(ctx);
    this.crate = crate ? crate.viewFrom(own, onCrateLookup) : new View(own, undefined, onCrateLookup);
  }

  /** The scope a node's types are written in: its fn's and impl's generics, and `Self`. */
  scopeAt(node: Node): TypeScope {
    // The scope is that of the nearest fn, impl or trait: computed once for each of them.
    let holder: Node | null = null;
    for (const a of [node, ...this.ctx.ancestors(node)]) {
      if (SCOPE_HOLDERS.has(a.type)) {
        holder = a;
        break;
      }
    }
    if (!holder) return { ...this.scopeFrom(node), at: node.startIndex };
    const at = holder;
    const scope = this.ctx.memo(`scope:${at.id}:${at.startIndex}`, () => this.scopeFrom(at));
    // The `use`s of the blocks around the node apply to it, not to the whole fn.
    return { ...scope, at: node.startIndex };
  }

  private scopeFrom(node: Node): TypeScope {
    const generics = new Set<string>();
    let selfType: string | null = null;
    let inImpl = false;
    let assoc: Record<string, string> = {};
    const mods: string[] = [];
    for (const a of [node, ...this.ctx.ancestors(node)]) {
      if (a.type === 'mod_item' && a !== node) mods.unshift(a.childForFieldName('name')?.text ?? '');
      if (a.type === 'function_item' || a.type === 'function_signature_item' || a.type === 'trait_item') {
        for (const g of genericNames(a)) generics.add(g);
        // Inside a trait, `Self` is any implementer: nothing may be concluded from it.
      }
      if (a.type === 'impl_item' && !inImpl) {
        inImpl = true;
        for (const g of genericNames(a)) generics.add(g);
        // An impl inside a block is for a type of that block, which the index does not hold.
        selfType = this.ctx.parent(a)?.type === 'block' ? null : (a.childForFieldName('type')?.text ?? null);
        // Once per impl: a large impl's items would be read again for each of its fns.
        const impl = a;
        assoc = this.ctx.memo(`assoc:${impl.id}:${impl.startIndex}`, () => associatedTypes(impl));
      }
    }
    const module = mods.reduce(childModule, fileModule(this.crate.own.path));
    return { file: this.crate.own, crate: this.crate, generics, selfType, assoc, module };
  }

  /** A type written at a node, in canonical form. */
  resolve(text: string, at: Node): RustType {
    // A type, const or trait declared in a block around `at` (`struct Point` inside `main`), or
    // `Self` of an impl inside one, is not indexed: the crate's item of that name is another.
    const name = /^(?:&\s*(?:'\w+\s+)?(?:mut\s+)?)?([A-Za-z_]\w*)/.exec(text.trim())?.[1];
    if (
      name &&
      (this.declaredInBlock(at, name) || this.madeByMacro(name) || (name === 'Self' && this.inBlockImpl(at)))
    )
      return UNKNOWN;
    return resolveTypeText(text, this.scopeAt(at));
  }

  /** Whether a type, const, static or trait of this name is declared in a block around `at`. */
  declaredInBlock(at: Node, name: string): boolean {
    for (const a of this.ctx.ancestors(at)) {
      if (a.type !== 'block') continue;
      const local = this.ctx.memo(`local-types:${a.id}:${a.startIndex}`, () => {
        const names = new Set<string>();
        for (const c of a.namedChildren)
          if (c && LOCAL_NAMED_ITEMS.has(c.type)) names.add(c.childForFieldName('name')?.text ?? '');
        return names;
      });
      if (local.has(name)) return true;
    }
    return false;
  }

  /**
   * Whether a `macro_rules!` of the file writes an item of this name (`struct Pt`, `const EmptyVec`):
   * where it is expanded, that item may shadow the crate's.
   */
  madeByMacro(name: string): boolean {
    const names = this.ctx.fileMemo('semantics:macro-items', () => {
      const found = new Set<string>();
      if (!/\bmacro_rules\b/.test(this.ctx.text)) return found;
      this.ctx.readEachRoot((root) => {
        for (const m of root.descendantsOfType('macro_definition'))
          for (const item of m?.text.matchAll(
            /\b(?:struct|enum|union|type|const|static|trait)\s+(\$?[A-Za-z_]\w*)/g,
          ) ?? [])
            found.add(item[1]?.startsWith('$') ? '$' : (item[1] ?? ''));
      });
      return found;
    });
    // An item named by the macro's caller (`const $n: u32`): any name passed to a macro call may be one.
    return (
      names.has(name) ||
      (names.has('$') && new RegExp(`!\\s*[({\\[][^)}\\]]*\\b${name}\\b`).test(this.ctx.text))
    );
  }

  /** Whether `at` is inside an impl declared in a block, whose `Self` is a local type. */
  private inBlockImpl(at: Node): boolean {
    for (const a of this.ctx.ancestors(at))
      if (a.type === 'impl_item') return this.ctx.parent(a)?.type === 'block';
    return false;
  }

  /**
   * The type of an expression; `expected` is the type its context demands (a `let` annotation),
   * which decides `parse()` and `try_into()`.
   */
  typeOf(expr: Node, expected: RustType = UNKNOWN, depth = 0): RustType {
    if (depth > 12) return UNKNOWN;
    const key = `${expr.id}:${expr.startIndex}:${expected.kind === 'unknown' ? '' : JSON.stringify(expected)}`;
    const cached = this.types.get(key);
    if (cached) return cached;
    let t = this.compute(expr, expected, depth + 1);
    // Where the declarations leave it open (`Arc<_>`, an unannotated `Vec::new()`), infer more.
    if (!isKnown(t)) {
      const inferred = inferredType(expr, this, depth + 1);
      if (inferred.kind !== 'unknown') t = inferred;
    }
    this.types.set(key, t);
    return t;
  }

  private compute(expr: Node, expected: RustType, depth: number): RustType {
    const of = (e: Node | null | undefined, exp: RustType = UNKNOWN) =>
      e ? this.typeOf(e, exp, depth) : UNKNOWN;
    switch (expr.type) {
      case 'parenthesized_expression':
        return of(expr.namedChildren[0], expected);
      case 'identifier':
        return this.identifierType(expr, depth);
      case 'self':
        return this.selfValueType(expr);
      case 'string_literal':
      case 'raw_string_literal':
        return { kind: 'ref', mutable: false, inner: pathType('str') };
      case 'char_literal':
        return pathType('char');
      case 'boolean_literal':
        return pathType('bool');
      case 'integer_literal': {
        const suffix = /(u8|u16|u32|u64|u128|usize|i8|i16|i32|i64|i128|isize)$/.exec(expr.text);
        return suffix ? pathType(suffix[1] as string) : UNKNOWN;
      }
      case 'reference_expression': {
        const inner = expr.childForFieldName('value');
        const mutable = expr.children.some((c) => c?.type === 'mutable_specifier');
        const t = of(inner);
        return t.kind === 'unknown' ? UNKNOWN : { kind: 'ref', mutable, inner: t };
      }
      case 'unary_expression': {
        if (!expr.text.startsWith('*')) return UNKNOWN;
        const t = of(expr.namedChildren[0]);
        return t.kind === 'ref' ? t.inner : UNKNOWN;
      }
      case 'binary_expression':
        return this.arithmeticType(expr, depth);
      case 'type_cast_expression': {
        const type = expr.childForFieldName('type');
        return type ? this.resolve(type.text, expr) : UNKNOWN;
      }
      case 'try_expression':
        return successType(of(expr.namedChildren[0]));
      case 'await_expression':
        return this.awaited(expr.namedChildren[0]);
      case 'field_expression':
        return this.fieldType(expr, depth);
      case 'index_expression': {
        const [base, index] = expr.namedChildren;
        if (!base || !index) return UNKNOWN;
        if (index.type === 'range_expression') return sliceOf(of(base));
        for (const step of derefSteps(of(base))) {
          if (step.kind === 'array') return step.elem;
          if (step.kind === 'path' && step.path === 'Vec') return step.args[0] ?? UNKNOWN;
        }
        return UNKNOWN;
      }
      case 'array_expression': {
        // `[x; N]` or `[a, b, c]`: the length is what indexing needs; the element may stay unknown.
        const length = expr.childForFieldName('length');
        const items = expr.namedChildren.filter((c): c is Node => !!c && !c.type.endsWith('comment'));
        const first = items[0];
        const len = length ? length.text : String(items.length);
        return { kind: 'array', elem: first ? of(first) : UNKNOWN, len };
      }
      case 'return_expression':
      case 'break_expression':
      case 'continue_expression':
        return { kind: 'never' };
      case 'macro_invocation': {
        const name = expr.childForFieldName('macro')?.text;
        if (name && /^(panic|unreachable|todo|unimplemented)$/.test(name)) return { kind: 'never' };
        if (name === 'format') return pathType('String');
        if (name === 'write' || name === 'writeln') return this.writeMacroType(expr, depth);
        return UNKNOWN;
      }
      case 'call_expression':
        return this.callType(expr, expected, depth);
      case 'block':
        return of(tailOf(expr), expected);
      case 'if_expression': {
        const alternative = expr.childForFieldName('alternative')?.namedChildren[0];
        if (!alternative) return UNKNOWN;
        return agreed([of(expr.childForFieldName('consequence'), expected), of(alternative, expected)]);
      }
      case 'match_expression': {
        const arms =
          expr.childForFieldName('body')?.namedChildren.filter((c): c is Node => c?.type === 'match_arm') ??
          [];
        return agreed(arms.map((arm) => of(arm.childForFieldName('value'), expected)));
      }
      default:
        return UNKNOWN;
    }
  }

  /**
   * `a * b`, `n % 256`, `x << 2` on numbers: std's operators on a primitive give that primitive,
   * when the other side is the same primitive (or a reference to it) or a plain literal. Anything
   * else may be a crate's operator impl: unknown.
   */
  private arithmeticType(expr: Node, depth: number): RustType {
    const op = expr.childForFieldName('operator')?.text ?? '';
    const left = expr.childForFieldName('left');
    const right = expr.childForFieldName('right');
    if (!left || !right || !ARITHMETIC.has(op)) return UNKNOWN;
    const numeric = (n: Node): string | null => {
      const t = this.typeOf(n, UNKNOWN, depth);
      const value = t.kind === 'ref' ? t.inner : t;
      return value.kind === 'path' && value.args.length === 0 && NUMBERS.has(value.path) ? value.path : null;
    };
    const plainLiteral = (n: Node, type: string) =>
      (n.type === 'integer_literal' && /^[\d_]+$/.test(n.text) && INTEGER_TYPES.has(type)) ||
      (n.type === 'float_literal' && /^[\d_.]+$/.test(n.text) && (type === 'f32' || type === 'f64'));
    const [l, r] = [numeric(left), numeric(right)];
    if (op === '<<' || op === '>>') {
      const int = l !== null && INTEGER_TYPES.has(l);
      return int && ((r !== null && INTEGER_TYPES.has(r)) || plainLiteral(right, l)) ? pathType(l) : UNKNOWN;
    }
    if (l !== null && (r === l || plainLiteral(right, l))) return pathType(l);
    if (r !== null && l === null && plainLiteral(left, r)) return pathType(r);
    return UNKNOWN;
  }

  /** `write!(dest, …)`: `fmt::Result` into a `String` or `Formatter`, `io::Result<()>` into an `io::Write`. */
  private writeMacroType(macro: Node, depth: number): RustType {
    const dest = this.ctx.macroArguments(macro)[0];
    if (!dest) return UNKNOWN;
    for (const step of derefSteps(this.typeOf(dest, UNKNOWN, depth))) {
      // A writer known by its bound (`W: Write`, `impl Write`, `dyn fmt::Write`): the trait decides.
      const traits = this.boundTraitObjects(step, macro).flatMap((o) => (o.kind === 'dyn' ? o.traits : []));
      if (traits.length === 1 && traits[0] === 'std::fmt::Write')
        return pathType('Result', [UNIT, pathType('std::fmt::Error')]);
      if (traits.length === 1 && traits[0] === 'std::io::Write')
        return pathType('Result', [UNIT, pathType('std::io::Error')]);
      if (step.kind !== 'path') continue;
      if (step.path === 'String' || step.path === 'std::fmt::Formatter')
        return pathType('Result', [UNIT, pathType('std::fmt::Error')]);
      if (IO_WRITERS.has(step.path) || (step.path === 'Vec' && typeText(step.args[0] ?? UNKNOWN) === 'u8'))
        return pathType('Result', [UNIT, pathType('std::io::Error')]);
    }
    return UNKNOWN;
  }

  private identifierType(ident: Node, depth: number): RustType {
    const binding = bindingOf(ident, this.ctx);
    return binding ? this.bindingType(binding, ident.text, depth) : UNKNOWN;
  }

  /** The type a binding gives its name. */
  bindingType(binding: Binding, name: string, depth: number): RustType {
    switch (binding.kind) {
      case 'let': {
        const type = binding.decl.childForFieldName('type');
        if (type) return patternType(binding.pattern, this.resolve(type.text, binding.decl), name);
        const value = binding.decl.childForFieldName('value');
        if (!value) return UNKNOWN;
        return patternType(binding.pattern, this.typeOf(value, UNKNOWN, depth), name);
      }
      case 'param': {
        const type = binding.param.childForFieldName('type');
        if (!type) return UNKNOWN;
        return patternType(binding.pattern, this.paramType(type.text, binding.param), name);
      }
      case 'closure-param':
      case 'macro':
        return UNKNOWN;
      case 'for': {
        const value = binding.loop.childForFieldName('value');
        const item = value ? itemType(this.typeOf(value, UNKNOWN, depth)) : UNKNOWN;
        return patternType(binding.pattern, item, name);
      }
      case 'let-condition': {
        const value = binding.condition.childForFieldName('value');
        return value ? patternType(binding.pattern, this.typeOf(value, UNKNOWN, depth), name) : UNKNOWN;
      }
      case 'match-arm': {
        const match = binding.arm.parent?.parent;
        const value = match?.type === 'match_expression' ? match.childForFieldName('value') : null;
        // A guard or an or-pattern changes nothing about the bound type.
        const pattern =
          binding.pattern.type === 'match_pattern' ? binding.pattern.namedChildren[0] : binding.pattern;
        return value && pattern ? patternType(pattern, this.typeOf(value, UNKNOWN, depth), name) : UNKNOWN;
      }
    }
  }

  private selfValueType(node: Node): RustType {
    for (const a of this.ctx.ancestors(node)) {
      if (a.type !== 'function_item') continue;
      const params = a.childForFieldName('parameters');
      const selfParam = params?.namedChildren.find((p) => p?.type === 'self_parameter');
      if (!selfParam) return UNKNOWN;
      const scope = this.scopeAt(a);
      if (!scope.selfType) {
        // A trait's default method: `self` is some implementer, whose methods the trait declares.
        const list = a.parent?.type === 'declaration_list' ? a.parent.parent : null;
        const trait = list?.type === 'trait_item' ? list.childForFieldName('name')?.text : undefined;
        return trait ? { kind: 'dyn', traits: [`crate::${trait}`] } : UNKNOWN;
      }
      const self = resolveTypeText(scope.selfType, scope);
      const text = selfParam.text.replace(/\s+/g, '');
      if (text.startsWith('&mut')) return { kind: 'ref', mutable: true, inner: self };
      if (text.startsWith('&')) return { kind: 'ref', mutable: false, inner: self };
      return self;
    }
    return UNKNOWN;
  }

  /** The type of a named crate struct's field, as written in a struct literal at `at`. */
  fieldOf(structName: string, field: string, at: Node): RustType {
    // `Circle { r: .. }` may be an enum's variant brought in by a glob (`use Shape::*;`).
    if (this.crate.hasVariant(baseName(structName))) return UNKNOWN;
    const struct = this.resolve(structName === 'Self' ? 'Self' : structName, at);
    if (struct.kind !== 'path' || !struct.path.startsWith('crate::')) return UNKNOWN;
    const found = this.crate
      .typesAt(struct.path.slice('crate::'.length))
      .filter((t) => t.item.kind === 'struct');
    const only = found.length === 1 ? found[0] : undefined;
    const text = only && only.item.generics.length === 0 ? only.item.fields?.[field] : undefined;
    if (!only || !text) return UNKNOWN;
    return resolveTypeText(text, {
      file: only.file,
      crate: this.crate,
      generics: new Set(),
      selfType: null,
      assoc: {},
      module: only.item.module,
    });
  }

  /** `x.field`: a field of a crate struct (non-generic) or a tuple's item. */
  private fieldType(expr: Node, depth: number): RustType {
    const value = expr.childForFieldName('value');
    const field = expr.childForFieldName('field')?.text;
    if (!value || !field) return UNKNOWN;
    for (const step of derefSteps(this.typeOf(value, UNKNOWN, depth))) {
      if (step.kind === 'tuple' && /^\d+$/.test(field)) return step.items[Number(field)] ?? UNKNOWN;
      if (step.kind !== 'path' || !step.path.startsWith('crate::')) continue;
      const found = this.crate
        .typesAt(step.path.slice('crate::'.length))
        .filter((t) => t.item.kind === 'struct');
      const struct = found.length === 1 ? found[0] : undefined;
      const text = struct && (struct.item.fields?.[field] ?? tupleField(struct.item, field));
      if (!struct || !text) return UNKNOWN;
      return genericFieldType(text, struct, step.args, this.crate);
    }
    return UNKNOWN;
  }

  private awaited(inner: Node | null | undefined): RustType {
    if (!inner || inner.type !== 'call_expression') return UNKNOWN;
    const fn = this.calledCrateFn(inner);
    return fn?.async ? fn.returns : UNKNOWN;
  }

  private callType(call: Node, expected: RustType, depth: number): RustType {
    const fn = call.childForFieldName('function');
    const args = argumentsOf(call);
    if (!fn) return UNKNOWN;
    if (fn.type === 'identifier' && fn.text === 'Some' && args.length === 1) {
      const inner = this.typeOf(args[0] as Node, UNKNOWN, depth);
      return pathType('Option', [inner]);
    }
    if (
      fn.type === 'field_expression' ||
      (fn.type === 'generic_function' && fn.childForFieldName('function')?.type === 'field_expression')
    ) {
      return this.methodCallType(call, fn, args, expected, depth);
    }
    const crateFn = this.calledCrateFn(call, expected);
    if (crateFn) return crateFn.async ? UNKNOWN : crateFn.returns;
    if (fn.type === 'scoped_identifier' || fn.type === 'generic_function')
      return this.pathCallType(fn, args, depth);
    if (fn.type === 'identifier') return this.importedStdCallType(fn, args);
    return UNKNOWN;
  }

  /** `slurp(path)` after `use std::fs::read_to_string as slurp;`: the std fn the name is imported as. */
  private importedStdCallType(fn: Node, args: Node[]): RustType {
    if (bindingOf(fn, this.ctx) || this.localFnNamed(fn, fn.text)) return UNKNOWN;
    const written = resolveScoped(fn.text, this.scopeAt(fn), 'value');
    // Through the crate's re-exports too (`pub use std::fs::read_to_string;` in a module).
    const target = written?.startsWith('crate::') ? declaredAt(written, this.crate, 'value') : written;
    if (!target?.startsWith('std::')) return UNKNOWN;
    return stdFunctionReturn(target, args.length) ?? UNKNOWN;
  }

  private methodCallType(call: Node, fn: Node, args: Node[], expected: RustType, depth: number): RustType {
    const field = fn.type === 'generic_function' ? fn.childForFieldName('function') : fn;
    const turbofish = fn.type === 'generic_function' ? fn.childForFieldName('type_arguments') : null;
    const receiverNode = field?.childForFieldName('value');
    const method = field?.childForFieldName('field')?.text;
    if (!receiverNode || !method) return UNKNOWN;
    // `let n: u8 = s.parse().ok().unwrap()`: `ok` and `map_err` keep the success type.
    const keepsSuccess =
      (method === 'ok' && args.length === 0) || (method === 'map_err' && args.length === 1);
    const receiver = this.typeOf(receiverNode, keepsSuccess ? expected : UNKNOWN, depth);
    if (receiver.kind === 'unknown' || this.crateTraitMayAnswer(receiver, method)) return UNKNOWN;
    const target = turbofish?.namedChildren[0]
      ? this.resolve(turbofish.namedChildren[0].text, call)
      : expected;
    const isStr = autoderef(receiver).some((s) => s.kind === 'path' && s.path === 'str');
    if ((method === 'unwrap' || method === 'expect') && args.length === (method === 'expect' ? 1 : 0)) {
      return successType(receiver);
    }
    if (method === 'parse' && args.length === 0 && isStr) {
      if (target.kind === 'unknown') return UNKNOWN;
      return pathType('Result', [target, fromStrError(target, this.crate) ?? UNKNOWN]);
    }
    if (method === 'try_into' && args.length === 0) {
      if (target.kind === 'unknown') return UNKNOWN;
      return pathType('Result', [target, tryFromError(target, receiver, this.crate) ?? UNKNOWN]);
    }
    if ((method === 'clone' || method === 'to_owned') && args.length === 0) {
      // `Clone` on a reference clones the referent when it is known to be Clone; here: a path type.
      const inner = receiver.kind === 'ref' ? receiver.inner : receiver;
      if (method === 'to_owned' && inner.kind === 'path' && inner.path === 'str') return pathType('String');
      return inner.kind === 'path' || inner.kind === 'tuple' ? inner : UNKNOWN;
    }
    const crateMethod = this.crateMethod(
      receiver,
      method,
      fn.type === 'generic_function' ? this.turbofishTypes(fn, call) : null,
      expected,
    );
    if (crateMethod !== undefined) return crateMethod;
    // A crate trait declaring a method of this name may be implemented for std types too
    // (`impl Top for Vec<i32> { fn last(..) }`), and then the call may be that one.
    if (this.crateTraitOnForeignTypes(method)) return UNKNOWN;
    const std =
      stdMethodReturn(receiver, method, args.length) ??
      this.boundMethodReturn(receiver, method, args.length, call);
    if (!std) return UNKNOWN;
    const written = turbofish?.namedChildren[0] ? target : null;
    return refinedStdReturn(
      std,
      { receiver, receiverNode, method, args, turbofish: written, expected },
      this,
      depth,
    );
  }

  /**
   * A parameter's type. `impl Read` (or `&mut impl Write`) of a std trait the table lists is
   * `dyn Read` to method lookup: its methods are the trait's. Any other `impl Trait` is unknown.
   */
  private paramType(text: string, at: Node): RustType {
    const m = /^(&\s*(?:'\w+\s+)?(mut\s+)?)?impl\s+([A-Za-z_][\w:]*)$/.exec(text.trim());
    if (!m) return this.resolve(text, at);
    const trait = this.resolve(m[3] ?? '', at);
    const object = tabledTraitObjects([trait])[0];
    if (!object) return UNKNOWN;
    return m[1] ? { kind: 'ref', mutable: !!m[2], inner: object } : object;
  }

  /**
   * A std method on a receiver whose type is a generic parameter bounded by a std trait the table
   * lists (`R: BufRead`, `where W: Write`): the trait's method. Bounds that disagree are unknown.
   */
  private boundMethodReturn(receiver: RustType, method: string, arity: number, at: Node): RustType | null {
    const answers = new Map<string, RustType>();
    for (const step of derefSteps(receiver))
      for (const object of this.boundTraitObjects(step, at)) {
        const t = stdMethodReturn(object, method, arity);
        if (t) answers.set(typeText(t), t);
      }
    return answers.size === 1 ? ([...answers.values()][0] ?? null) : null;
  }

  /** `dyn Trait` for the tabled std traits a generic parameter in scope at `at` is bounded by. */
  private boundTraitObjects(t: RustType, at: Node): RustType[] {
    if (t.kind === 'dyn') return tabledTraitObjects(t.traits.map((name) => pathType(name)));
    if (t.kind !== 'path' || t.args.length > 0 || !this.scopeAt(at).generics.has(t.path)) return [];
    const bounds = boundTexts(t.path, this.ctx.ancestors(at)).map((text) => this.resolve(text, at));
    return tabledTraitObjects(bounds);
  }

  /**
   * Whether a crate trait declaring this method is implemented for a type the crate does not
   * declare (`impl Top for Vec<i32>`, or a blanket `impl<T> Top for T`): then a std type's call of
   * that name may be the trait's. A trait implemented only for the crate's own types changes nothing.
   */
  private crateTraitOnForeignTypes(method: string): boolean {
    const traits = new Set(
      this.crate
        .fns(method)
        .filter((f) => f.item.inTrait)
        .map((f) => f.item.owner),
    );
    for (const trait of traits)
      for (const { item } of this.crate.traitImpls(trait ?? '')) {
        const self = implSelfName(item);
        if (item.generics.includes(self) || this.crate.types(self).length === 0) return true;
      }
    return false;
  }

  /** A method the crate declares on the receiver's type (or on `Self` in a trait's default method). */
  private crateMethod(
    receiver: RustType,
    method: string,
    turbofish: RustType[] | null = null,
    expected: RustType = UNKNOWN,
  ): RustType | undefined {
    for (const step of derefSteps(receiver)) {
      const traitSelf =
        step.kind === 'dyn' && step.traits.length === 1 && step.traits[0]?.startsWith('crate::');
      if (!traitSelf && (step.kind !== 'path' || !step.path.startsWith('crate::'))) continue;
      const owner = (
        step.kind === 'dyn' ? (step.traits[0] ?? '') : step.kind === 'path' ? step.path : ''
      ).slice('crate::'.length);
      let fns = this.crate.fns(method).filter((f) => f.item.owner === owner && f.item.inTrait === traitSelf);
      if (fns.length === 0 && !traitSelf) {
        const defaults = this.traitDefaultMethods(owner, method);
        if (defaults === null) return UNKNOWN;
        fns = defaults;
      }
      if (fns.length !== 1) return fns.length > 1 ? UNKNOWN : undefined;
      const chosen = fns[0] as (typeof fns)[number];
      const { item } = chosen;
      if (item.async) return UNKNOWN;
      if (!item.returns) return { kind: 'tuple', items: [] };
      // The method's and its impl's generics are theirs, not the caller's names.
      return this.returnAtCall(chosen, item.returns, traitSelf ? null : owner, turbofish, expected);
    }
    return undefined;
  }

  /**
   * A crate trait's default method on a crate type the trait is implemented for (`impl Settings
   * for Env {}` gives `Env` its `get`), when the file sees the trait (declares or imports it by
   * name): none or several such traits → none here, and a trait implemented for types the crate
   * does not declare (a blanket impl) may be another's method → unknown.
   */
  private traitDefaultMethods(owner: string, method: string): Located<FnItem>[] | null {
    const declaring = this.crate.fns(method).filter((f) => f.item.inTrait);
    if (declaring.length === 0) return [];
    const implemented = new Set<string>();
    for (const trait of new Set(declaring.flatMap((f) => f.item.owner ?? [])))
      for (const { item } of this.crate.traitImpls(trait)) {
        if (item.generics.length > 0) return null;
        if (implSelfName(item) === owner) implemented.add(trait);
      }
    const { names } = this.crate.own.imports;
    const visible = (trait: string) =>
      this.crate.own.types.some((t) => t.kind === 'trait' && t.name === trait) ||
      new Map(names).get(trait)?.every((p) => /^(crate|super|self)::/.test(p)) === true;
    return declaring.filter(
      (f) => f.item.owner !== null && implemented.has(f.item.owner) && visible(f.item.owner),
    );
  }

  private pathCallType(fn: Node, args: Node[], depth: number): RustType {
    const pathNode = fn.type === 'generic_function' ? fn.childForFieldName('function') : fn;
    if (!pathNode || pathNode.type !== 'scoped_identifier') return UNKNOWN;
    const name = pathNode.childForFieldName('name')?.text ?? '';
    const ownerNode = pathNode.childForFieldName('path');
    if (!ownerNode) return UNKNOWN;
    const scope = this.scopeAt(fn);
    // The owner as a type (`u8`, `File`, `Point`, `T`) or a module path (`fs`, `std::env`).
    const ownerType = resolveTypeText(ownerNode.text, scope);
    // `Port::try_from(s)` where `impl Port` has its own `try_from`: the inherent fn is called.
    if ((name === 'try_from' || name === 'from_str') && this.inherentFn(ownerType, name)) return UNKNOWN;
    // Only a crate type's own impls could add an associated fn the index does not hold: a std
    // type's inherent one (`Vec::new`) comes before any trait's.
    if (ownerType.kind === 'path' && ownerType.path.startsWith('crate::') && this.hiddenFn(name))
      return UNKNOWN;
    if (name === 'try_from' && args.length === 1 && ownerType.kind !== 'unknown') {
      const argType = this.typeOf(args[0] as Node, UNKNOWN, depth);
      return pathType('Result', [ownerType, tryFromError(ownerType, argType, this.crate) ?? UNKNOWN]);
    }
    if (name === 'from_str' && args.length === 1 && ownerType.kind !== 'unknown') {
      return pathType('Result', [ownerType, fromStrError(ownerType, this.crate) ?? UNKNOWN]);
    }
    const full = fullFunctionPath(ownerNode.text, ownerType, scope);
    if (!full) return UNKNOWN;
    const t = stdFunctionReturn(`${full}::${name}`, args.length);
    return t ? refinedStdFunctionReturn(`${full}::${name}`, t, args, this, depth) : UNKNOWN;
  }

  /**
   * Whether the crate's inherent impls may give a type a fn of this name: one for the type, or one
   * for a name that is not a struct, enum or union the crate declares (an alias, a renamed import).
   */
  private inherentFn(owner: RustType, name: string): boolean {
    if (owner.kind !== 'path' || !owner.path.startsWith('crate::')) return false;
    const base = baseName(owner.path);
    return this.hasInherentFn(base, name) || this.inherentUnderOtherName(base, name);
  }

  /** An inherent fn of this name in an impl for another name that is no plain crate type. */
  private inherentUnderOtherName(base: string, name: string): boolean {
    const plain = (n: string) =>
      this.crate
        .types(n)
        .some((t) => t.item.kind === 'struct' || t.item.kind === 'enum' || t.item.kind === 'union');
    return this.crate
      .fns(name)
      .some(
        (f) => !f.item.inTrait && !f.item.inTraitImpl && f.item.owner !== base && !plain(f.item.owner ?? ''),
      );
  }

  /**
   * The names a type written in an impl's header may stand for: itself, an alias's target
   * (`type Text = String`), a renamed import's original (`use ids::Id as UserId`).
   */
  private namesOf(written: string, file: FileItems): string[] {
    const names = [written];
    for (const t of this.crate.types(written))
      if (t.item.kind === 'alias' && t.item.target) names.push(ownedBaseName(t.item.target));
    for (const u of file.uses) if (u.name === written) names.push(lastSegment(u.path));
    return names;
  }

  private hasInherentFn(owner: string, name: string): boolean {
    return this.crate.fns(name).some((f) => f.item.owner === owner && !f.item.inTrait && !f.item.inTraitImpl);
  }

  /**
   * Whether a crate trait's method of this name may be the one called: rustc tries each autoderef
   * step of the receiver in turn (`&Box<Pipe>`, `Box<Pipe>`, `Pipe`), and at each, inherent methods
   * then trait methods. A trait implemented for a step's type, or for any type (a blanket impl),
   * is found before a later step's own method or std's (`impl Parse for String` before `str::parse`).
   */
  /**
   * Whether a fn of this name is declared where the index does not read items (a fn body, a
   * `#[cfg]`-gated impl, a macro): what a call of that name reaches is not known.
   */
  private hiddenFn(name: string): boolean {
    if (this.crate.hiddenElsewhere(name)) return true;
    const offsets = this.ctx.fileMemo('semantics:fn-names', () => fnNameOffsets(this.ctx.text)).get(name);
    if (!offsets) return false;
    return this.ctx.fileMemo(`semantics:hides:${name}`, () =>
      hidesMethod(
        this.ctx,
        name,
        offsets,
        this.crate.own.fns.filter((f) => f.name === name && f.owner !== null).length,
      ),
    );
  }

  private crateTraitMayAnswer(receiver: RustType, method: string): boolean {
    if (this.hiddenFn(method)) return true;
    // A trait's methods are callable only where it is in scope: declared in this file, imported
    // (`as _` too), or possibly brought by a glob.
    const own = this.crate.own;
    const inScope = (trait: string) =>
      own.types.some((t) => t.kind === 'trait' && t.name === trait) ||
      own.uses.some((u) => u.name === null || lastSegment(u.path) === trait);
    const traits = new Set(
      this.crate
        .fns(method)
        .filter((f) => f.item.inTrait)
        .flatMap((f) => f.item.owner ?? [])
        .filter(inScope),
    );
    if (traits.size === 0) return false;
    const impls = [...traits].flatMap((trait) => this.crate.traitImpls(trait));
    for (const step of derefSteps(receiver)) {
      const stepType = step.kind === 'ref' ? step.inner : step;
      // `self.raw()` in a trait's default method (`Self` is read as the trait object): the trait's
      // own method of that name is the one called, and typed like any crate method.
      if (stepType.kind === 'dyn') return !stepType.traits.some((t) => traits.has(baseName(t)));
      if (stepType.kind !== 'path') return true;
      const base = baseName(stepType.path);
      const own = stepType.path.startsWith('crate::');
      // At one step, the type's inherent method comes first.
      if (own && this.hasInherentFn(base, method)) return false;
      for (const impl of impls) {
        const self = implSelfName(impl.item);
        if (impl.item.generics.includes(self)) return true;
        // The trait's method on the crate's own type is typed like any crate method.
        if (this.namesOf(self, impl.file).includes(base)) return !own;
      }
    }
    return false;
  }

  /** The crate fn a call names, with its return type resolved where it was declared. */
  calledCrateFn(call: Node, expected: RustType = UNKNOWN): { returns: RustType; async: boolean } | undefined {
    const written = call.childForFieldName('function');
    // `parse_row::<u8>(..)`: the turbofish binds the callee's type parameters.
    const turbofish = written?.type === 'generic_function' ? this.turbofishTypes(written, call) : null;
    const fn = written?.type === 'generic_function' ? written.childForFieldName('function') : written;
    if (!fn) return undefined;
    let name: string | undefined;
    let owner: string | null = null;
    // The module a bare name leads to through the scope's items and `use`s (renames followed).
    let module: string | undefined;
    if (fn.type === 'identifier') {
      name = fn.text;
      // A local closure or fn of that name, or a parameter, hides the crate's fn.
      if (bindingOf(fn, this.ctx) || this.localFnNamed(fn, name)) return undefined;
      const written = resolveScoped(name, this.scopeAt(fn), 'value');
      // Where it is declared, through re-exports: not found (the prelude's, not compiled, not
      // indexed), std's or another crate's, or ambiguous are no crate fn.
      const target = written?.startsWith('crate::') ? declaredAt(written, this.crate, 'value') : written;
      if (!target?.startsWith('crate::')) return undefined;
      const at = target.lastIndexOf('::');
      name = target.slice(at + 2);
      module = at === 'crate'.length ? '' : target.slice('crate::'.length, at);
    } else if (fn.type === 'scoped_identifier') {
      name = fn.childForFieldName('name')?.text;
      const path = fn.childForFieldName('path')?.text ?? '';
      const ownLibrary = this.crate.packageName;
      if (path === 'Self') owner = baseName(this.scopeAt(fn).selfType ?? '');
      else if (/^(crate|self|super)(::\w+)*$/.test(path)) owner = null;
      // The package's own library by its name (`my_app::store::load`), from `src/main.rs`.
      else if (ownLibrary && (path === ownLibrary || path.startsWith(`${ownLibrary}::`))) owner = null;
      else if (/^[a-z_]\w*(::[a-z_]\w*)*$/.test(path)) {
        // `fs::read_to_string` is std's unless `fs` is one of the crate's own modules; so is
        // `days::day01::part1` unless `days` is.
        if (!this.isCrateModule(path.split('::')[0] ?? '')) return undefined;
        owner = null;
      } else {
        const type = this.resolve(path, fn);
        if (type.kind !== 'path' || !type.path.startsWith('crate::')) return undefined;
        owner = type.path.slice('crate::'.length);
        // `Id::from_str(..)` where an impl the index does not read, or one written for an alias or
        // a renamed import of `Id`, may declare it too.
        if (name && (this.hiddenFn(name) || this.inherentUnderOtherName(baseName(owner), name)))
          return undefined;
      }
    } else return undefined;
    if (!name) return undefined;
    if (owner === null && fn.type === 'scoped_identifier') {
      // `parser::point()`: the fn of that module, when the path leads to one, followed to where
      // it is declared (`super::load()` where the parent module has `use b::load;`).
      const path = fn.childForFieldName('path')?.text ?? '';
      const written = resolveScoped(`${path}::${name}`, this.scopeAt(fn), 'value');
      const declared = written?.startsWith('crate::') ? declaredAt(written, this.crate, 'value') : undefined;
      const target = declared?.startsWith('crate::') ? declared : written;
      if (target?.startsWith('crate::')) {
        const at = target.lastIndexOf('::');
        name = target.slice(at + 2);
        module = at === 'crate'.length ? '' : target.slice('crate::'.length, at);
      }
    }
    // A free fn must be one the crate declares once (or the file's own); a bare name, the one in
    // the module it leads to, or one of that name anywhere when the module re-exports it.
    const all = this.crate.fns(name).filter((f) => f.item.owner === owner && !f.item.inTrait);
    const inModule = module === undefined ? all : all.filter((f) => f.item.module === module);
    // A module path call (`parser::point()`) whose module re-exports the fn: the crate's only one.
    const candidates =
      inModule.length === 0 && module !== undefined && fn.type !== 'identifier' ? all : inModule;
    // `Id::from_str` with an inherent `from_str` (in any file) and `FromStr`'s: the inherent one is called.
    const inherent = candidates.filter((f) => !f.item.inTraitImpl);
    const pool = owner !== null && inherent.length > 0 ? inherent : candidates;
    const own = pool.filter((f) => f.file === this.crate.own);
    const chosen = own.length === 1 ? own[0] : own.length === 0 && pool.length === 1 ? pool[0] : undefined;
    if (!chosen) return undefined;
    const { item } = chosen;
    // The callee's generics are its own: only what the call determines binds them.
    const returns = item.returns
      ? this.returnAtCall(chosen, item.returns, item.owner, turbofish, expected)
      : { kind: 'tuple' as const, items: [] };
    return { returns, async: item.async };
  }

  /** A crate fn's written return type at a call: its generics bound only by what the call determines. */
  private returnAtCall(
    fn: Located<FnItem>,
    returns: string,
    selfType: string | null,
    turbofish: RustType[] | null,
    expected: RustType,
  ): RustType {
    const { item, file } = fn;
    const scope = {
      file,
      crate: this.crate,
      generics: new Set(item.generics),
      selfType,
      assoc: item.assoc,
      module: item.module,
    };
    return instantiatedReturn(resolveTypeText(returns, scope), fn, turbofish, expected, this.crate);
  }

  /** The types of a `::<..>` (lifetimes left out), resolved where the call is. */
  private turbofishTypes(generic: Node, at: Node): RustType[] | null {
    const list = generic.childForFieldName('type_arguments');
    if (!list) return null;
    return list.namedChildren
      .filter((c): c is Node => !!c && c.type !== 'lifetime' && !c.type.endsWith('comment'))
      .map((c) => this.resolve(c.text, at));
  }

  /** A fn item of that name in a block around the call: local to it, and not in the crate index. */
  private localFnNamed(at: Node, name: string): boolean {
    for (const a of this.ctx.ancestors(at)) {
      if (a.type !== 'block') continue;
      // The names of the fns a block declares, read once per block.
      const local = this.ctx.memo(`local-fns:${a.id}:${a.startIndex}`, () => {
        const names = new Set<string>();
        for (const c of a.namedChildren)
          if (c?.type === 'function_item') names.add(c.childForFieldName('name')?.text ?? '');
        return names;
      });
      if (local.has(name)) return true;
    }
    return false;
  }

  /** Whether a bare path segment names a module of this crate (`mod parse;`), not an import. */
  private isCrateModule(segment: string): boolean {
    const imported = new Map(this.crate.own.imports.names).get(segment);
    if (imported) return imported.every((p) => /^(crate|super|self)::/.test(p));
    return this.crate.modules(segment);
  }
}

/**
 * A struct's field type as seen through a value of `Struct<A, B>`: the struct's generics bound
 * to the value's arguments (`items: Vec<T>` of a `Stack<u8>` is `Vec<u8>`; of the `Stack<T>` in
 * `impl<T> Stack<T>` it is `Vec<T>`, that impl's `T`). Missing arguments are unknown.
 */
function genericFieldType(
  text: string,
  struct: Located<TypeItem>,
  args: readonly RustType[],
  crate: CrateView,
): RustType {
  const { generics } = struct.item;
  const declared = resolveTypeText(text, {
    file: struct.file,
    crate,
    generics: new Set(generics),
    selfType: null,
    assoc: {},
    module: struct.item.module,
  });
  return bindGenerics(declared, generics, new Map(generics.map((g, i) => [g, args[i] ?? UNKNOWN])));
}

/** Nodes whose generics, `Self` and associated types make up a scope. */
const SCOPE_HOLDERS = new Set(['function_item', 'function_signature_item', 'trait_item', 'impl_item']);

/** std types that implement `io::Write`, for `write!` into them. */
const IO_WRITERS = new Set([
  'std::fs::File',
  'std::io::Stdout',
  'std::io::StdoutLock',
  'std::io::Stderr',
  'std::io::StderrLock',
  'std::io::BufWriter',
  'std::io::LineWriter',
  'std::net::TcpStream',
  'std::io::Cursor',
]);

/** The module or type path a function call's owner stands for, as the std table writes it. */
function fullFunctionPath(written: string, ownerType: RustType, scope: TypeScope): string | null {
  if (ownerType.kind === 'path' && ownerType.args.length === 0 && !ownerType.path.startsWith('crate::')) {
    if (
      INTEGER_TYPES.has(ownerType.path) ||
      ownerType.path.includes('::') ||
      /^[A-Z]/.test(ownerType.path) ||
      ownerType.path === 'char' ||
      ownerType.path === 'str'
    )
      return ownerType.path;
  }
  // A module: `fs`, `std::env`, `io`.
  const normalized = written
    .replace(/\s+/g, '')
    .replace(/^::/, '')
    .replace(/^(core|alloc)::/, 'std::');
  if (normalized.startsWith('std::')) return normalized;
  const [first, ...rest] = normalized.split('::');
  const imported = new Map(scope.file.imports.names).get(first ?? '');
  if (!imported || imported.length !== 1) return null;
  const target = (imported[0] ?? '').replace(/^(core|alloc)::/, 'std::');
  if (!target.startsWith('std::')) return null;
  return [target, ...rest].join('::');
}

const ARITHMETIC = new Set(['+', '-', '*', '/', '%', '&', '|', '^', '<<', '>>']);
const NUMBERS = new Set([...INTEGER_TYPES, 'f32', 'f64']);

/** `v[a..b]` of a std sequence: the slice (`[T]`, or `str` of a string); unknown otherwise. */
function sliceOf(base: RustType): RustType {
  for (const step of derefSteps(base)) {
    if (step.kind === 'array') return { kind: 'array', elem: step.elem, len: null };
    if (step.kind !== 'path') continue;
    if (step.path === 'Vec') return { kind: 'array', elem: step.args[0] ?? UNKNOWN, len: null };
    if (step.path === 'String' || step.path === 'str') return pathType('str');
  }
  return UNKNOWN;
}

/** A block's value: its last expression without a semicolon. */
function tailOf(block: Node): Node | null {
  const last = block.namedChildren.filter((c): c is Node => c !== null && !c.type.endsWith('comment')).at(-1);
  return last && !/(statement|declaration|_item)$/.test(last.type) ? last : null;
}

/**
 * The type of branches that all agree on it; branches that diverge (`return`, `panic!`) or whose
 * type is unknown are left out only when they visibly diverge, else the answer is unknown.
 */
function agreed(types: RustType[]): RustType {
  const known = types.filter((t) => t.kind !== 'never');
  if (known.length === 0 || known.some((t) => t.kind === 'unknown')) return UNKNOWN;
  const first = typeText(known[0] as RustType);
  return known.every((t) => typeText(t) === first) ? (known[0] as RustType) : UNKNOWN;
}

function argumentsOf(call: Node): Node[] {
  const args = call.childForFieldName('arguments');
  return (args?.namedChildren ?? []).filter((c): c is Node => c !== null && !c.type.endsWith('comment'));
}

/** `Option<T>` / `Result<T, E>` → `T`. */
export function successType(t: RustType): RustType {
  if (t.kind === 'path' && (t.path === 'Option' || t.path === 'Result')) return t.args[0] ?? UNKNOWN;
  return UNKNOWN;
}

/** The value, then what references and smart pointers lead to. */
function derefSteps(t: RustType): RustType[] {
  const steps: RustType[] = [];
  let current: RustType | undefined = t;
  for (let i = 0; current && i < 6; i++) {
    steps.push(current);
    if (current.kind === 'ref') current = current.inner;
    else if (current.kind === 'path' && ['Box', 'std::rc::Rc', 'std::sync::Arc'].includes(current.path))
      current = current.args[0];
    else current = undefined;
  }
  return steps;
}

/** Items a block may declare whose names are types or values the crate index does not hold. */
const LOCAL_NAMED_ITEMS = new Set([
  'struct_item',
  'enum_item',
  'type_item',
  'union_item',
  'const_item',
  'static_item',
  'trait_item',
]);

/** The name of the type an impl is for, without references, path or arguments (`&mut Vec<T>` → `Vec`). */
function implSelfName(impl: ImplItem): string {
  return ownedBaseName(impl.selfType);
}

/** `Upper(W)`'s `.0`: a tuple struct's field by position (it has no named fields). */
function tupleField(item: TypeItem, field: string): string | undefined {
  const types = item.fieldTypes ?? [];
  if (!/^\d+$/.test(field) || Object.keys(item.fields ?? {}).length > 0) return undefined;
  return types[Number(field)];
}

/** What a `for` loop over a value of this type binds. */
export function itemType(t: RustType): RustType {
  if (t.kind === 'path' && t.path === 'Iterator') return t.args[0] ?? UNKNOWN;
  if (
    t.kind === 'path' &&
    (t.path === 'Vec' ||
      t.path === 'Option' ||
      t.path === 'std::collections::VecDeque' ||
      t.path === 'std::collections::HashSet')
  )
    return t.args[0] ?? UNKNOWN;
  if (t.kind === 'array' && t.len !== null) return t.elem;
  if (
    t.kind === 'path' &&
    (t.path === 'std::collections::HashMap' || t.path === 'std::collections::BTreeMap')
  )
    return { kind: 'tuple', items: [t.args[0] ?? UNKNOWN, t.args[1] ?? UNKNOWN] };
  if (t.kind === 'ref') {
    const inner = t.inner;
    const ref = (x: RustType): RustType =>
      x.kind === 'unknown' ? UNKNOWN : { kind: 'ref', mutable: t.mutable, inner: x };
    if (inner.kind === 'array') return ref(inner.elem);
    if (
      inner.kind === 'path' &&
      (inner.path === 'Vec' ||
        inner.path === 'std::collections::VecDeque' ||
        inner.path === 'std::collections::HashSet' ||
        inner.path === 'Option')
    )
      return ref(inner.args[0] ?? UNKNOWN);
    if (
      inner.kind === 'path' &&
      (inner.path === 'std::collections::HashMap' || inner.path === 'std::collections::BTreeMap')
    )
      return { kind: 'tuple', items: [ref(inner.args[0] ?? UNKNOWN), ref(inner.args[1] ?? UNKNOWN)] };
    if (inner.kind === 'path' && inner.path === 'Iterator') return inner.args[0] ?? UNKNOWN;
  }
  return UNKNOWN;
}

/** The type a pattern binds `name` to, given the type of the value it matches. */
export function patternType(pattern: Node, value: RustType, name: string): RustType {
  if (value.kind === 'unknown') return UNKNOWN;
  switch (pattern.type) {
    case 'identifier':
      return pattern.text === name ? value : UNKNOWN;
    case 'mut_pattern':
      return pattern.namedChildren.reduce<RustType>(
        (t, c) => (c && t.kind === 'unknown' ? patternType(c, value, name) : t),
        UNKNOWN,
      );
    case 'ref_pattern': {
      const inner = pattern.namedChildren.find((c) => c?.type !== 'mutable_specifier');
      return inner ? refTo(patternType(inner, value, name)) : UNKNOWN;
    }
    case 'reference_pattern': {
      const inner = pattern.namedChildren.find((c) => c?.type !== 'mutable_specifier');
      return inner && value.kind === 'ref' ? patternType(inner, value.inner, name) : UNKNOWN;
    }
    case 'tuple_pattern': {
      // Matching a tuple through a reference binds references (default binding modes).
      const byRef = value.kind === 'ref';
      const tuple = byRef ? value.inner : value;
      if (tuple.kind !== 'tuple') return UNKNOWN;
      // `_` is an anonymous node: count every pattern child but the punctuation.
      const items = pattern.children.filter(
        (c): c is Node => c !== null && !['(', ')', ','].includes(c.type),
      );
      if (items.length !== tuple.items.length) return UNKNOWN;
      for (let i = 0; i < items.length; i++) {
        const itemType = tuple.items[i] as RustType;
        const t = patternType(items[i] as Node, byRef ? refTo(itemType) : itemType, name);
        if (t.kind !== 'unknown') return t;
      }
      return UNKNOWN;
    }
    case 'tuple_struct_pattern': {
      const variant = pattern
        .childForFieldName('type')
        ?.text.replace(/^(std::|core::)?(option::|result::)?(Option::|Result::)?/, '');
      const byRef = value.kind === 'ref';
      const enumType = byRef ? value.inner : value;
      if (enumType.kind !== 'path') return UNKNOWN;
      const inner = pattern.namedChildren.filter(
        (c): c is Node => c !== null && c.startIndex !== pattern.childForFieldName('type')?.startIndex,
      );
      if (inner.length !== 1) return UNKNOWN;
      let payload: RustType = UNKNOWN;
      if (enumType.path === 'Option' && variant === 'Some') payload = enumType.args[0] ?? UNKNOWN;
      if (enumType.path === 'Result' && variant === 'Ok') payload = enumType.args[0] ?? UNKNOWN;
      if (enumType.path === 'Result' && variant === 'Err') payload = enumType.args[1] ?? UNKNOWN;
      return patternType(inner[0] as Node, byRef ? refTo(payload) : payload, name);
    }
    default:
      return UNKNOWN;
  }
}

function refTo(t: RustType): RustType {
  return t.kind === 'unknown' ? UNKNOWN : { kind: 'ref', mutable: false, inner: t };
}
