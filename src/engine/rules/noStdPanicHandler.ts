import type { Node } from 'web-tree-sitter';
import { outerAttributes } from '../attributes';
import type { FileContext } from '../context';
import type { Rule } from '../rule';

/** The crate-level `#![name]` or `#![cfg_attr(.., name)]` attribute, if the file has one. */
function crateAttribute(ctx: FileContext, name: string): Node | undefined {
  const pattern = new RegExp(`^(?:${name}|cfg_attr\\(.*,${name}\\))$`);
  return ctx.root.namedChildren.find(
    (c): c is Node =>
      c?.type === 'inner_attribute_item' &&
      pattern.test(c.namedChildren.find((a) => a?.type === 'attribute')?.text.replace(/\s+/g, '') ?? ''),
  );
}

/**
 * Where a handler could come from that this file cannot show: a linked crate
 * (`use panic_halt as _;`, `extern crate panic_abort;`) or an out-of-line `mod x;`.
 * Staying quiet then is the price of a rule that reports an error.
 */
function handlerMayLiveElsewhere(ctx: FileContext): boolean {
  const text = ctx.text;
  if (/\buse\s+[\w:]+\s+as\s+_\s*;/.test(text)) return true;
  if (/\bextern\s+crate\s+(?!(?:core|alloc|std)\b)\w+/.test(text)) return true;
  return ctx.root.descendantsOfType('mod_item').some((m) => m && !m.childForFieldName('body'));
}

export const noStdPanicHandler: Rule = {
  id: 'no-std-panic-handler',
  lesson: 'no-std-panic-handler',
  defaultSeverity: 'error',
  enabledByDefault: true,
  // Clippy has no lint for this (rustc fails the build).
  clippyAllows: [],
  clippyGroups: [],
  docs: 'https://doc.rust-lang.org/nomicon/panic-handler.html',
  inspiredBy: null,
  summary:
    'A `#![no_std]` + `#![no_main]` crate root with no `#[panic_handler]` function: rustc stops with an error (`#[panic_handler]` function required) before anything is linked. The offered fix adds a handler that loops forever.',
  settingDescription: 'A `#![no_std]` crate without a panic handler.',
  readmeFinds: 'a `#![no_std]` + `#![no_main]` crate root with no `#[panic_handler]`',
  kinds: [],
  needles: ['no_std'],
  wholeFile: true,
  check: () => undefined,
  checkFile(ctx) {
    const noStd = crateAttribute(ctx, 'no_std');
    if (!noStd || !crateAttribute(ctx, 'no_main')) return [];
    const hasHandler = ctx.root
      .descendantsOfType('function_item')
      .some((f) => f && outerAttributes(f, ctx).includes('panic_handler'));
    if (hasHandler || handlerMayLiveElsewhere(ctx)) return [];
    const end = ctx.text.length;
    const newline = ctx.text.endsWith('\n') || end === 0 ? '' : '\n';
    const fnName = /\bfn\s+panic\b/.test(ctx.text) ? 'halt_on_panic' : 'panic';
    return [
      {
        node: noStd,
        // rustc's own words for the compile error this crate will get.
        message: '`#[panic_handler]` function required, but not found',
        advice:
          '`#![no_std]` has no default panic handler and this crate defines none, so it does not compile until exactly one `#[panic_handler]` fn exists (or a crate that defines one is linked, e.g. `use panic_halt as _;`)',
        fixes: [
          {
            // Not preferred: halting forever is a policy choice (reset, log, abort) the author should make.
            title: 'Add a `#[panic_handler]` that halts by looping forever',
            applicability: 'suggestion',
            edits: [
              ctx.edit(
                end,
                end,
                `${newline}\n#[panic_handler]\nfn ${fnName}(_info: &core::panic::PanicInfo) -> ! {\n    loop {}\n}\n`,
              ),
            ],
          },
        ],
      },
    ];
  },
};
