// `#[cfg_attr(predicate, attr, ..)]`: the attributes it adds when its predicate holds in the build
// clippy checks (`cargo clippy`: no `cfg(test)`, `debug_assertions` on, `cfg(clippy)` set).

/** What `cfg(..)` predicates are in that build; undefined where it depends on the build (features, target). */
function holds(predicate: string): boolean | undefined {
  const call = /^(all|any|not)\((.*)\)$/.exec(predicate);
  if (call) {
    const args = splitTopLevel(call[2] ?? '').filter((a) => a !== '');
    const values = args.map(holds);
    if (call[1] === 'not') return values.length === 1 && values[0] !== undefined ? !values[0] : undefined;
    if (call[1] === 'all')
      return values.includes(false) ? false : values.includes(undefined) ? undefined : true;
    return values.includes(true) ? true : values.includes(undefined) ? undefined : false;
  }
  if (predicate === 'test') return false;
  if (predicate === 'clippy' || predicate === 'debug_assertions') return true;
  // Set by cargo-clippy before `cfg(clippy)` existed.
  if (predicate === 'feature="cargo-clippy"') return true;
  return undefined;
}

/** `a,b(c,d),e` → `a`, `b(c,d)`, `e`: commas outside brackets and string literals. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/**
 * An attribute's text (white space removed) as the attributes it amounts to: itself, or for a
 * `cfg_attr` whose predicate holds, the attributes it adds (nested ones too), in source order.
 * A predicate that depends on the build (a feature, a target) adds nothing: the finding stays.
 */
export function expandCfgAttr(attribute: string): string[] {
  const m = /^cfg_attr\((.*)\)$/.exec(attribute);
  if (!m) return [attribute];
  const [predicate, ...added] = splitTopLevel(m[1] ?? '');
  if (!predicate || holds(predicate) !== true) return [];
  return added.filter((a) => a !== '').flatMap(expandCfgAttr);
}
