// The Rust code blocks of a lesson's Markdown, with the text markdown-it gives their `<code>`: the
// extension has them coloured before the webview renders the lesson, and the webview finds each
// block's colours by its text. A block this scan reads differently from markdown-it is only left
// plain.

/** An opening fence: up to 3 spaces, 3+ backticks or tildes, then the info string. */
const OPENING = /^( {0,3})(`{3,}|~{3,})(.*)$/;

/** Whether a fence's info string names Rust (`rust`, `rust,ignore`, `rust compile_fail`…). */
export function isRustInfo(info: string): boolean {
  return /^rust(?:[,\s]|$)/.test(info.trim());
}

export function rustCodeBlocks(markdown: string): string[] {
  const lines = markdown.split(/\r\n|\r|\n/);
  const blocks: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = OPENING.exec(lines[i] ?? '');
    if (!open) continue;
    const [, indent = '', fence = '', info = ''] = open;
    // A backtick fence's info string may not hold a backtick (CommonMark).
    if (fence.startsWith('`') && info.includes('`')) continue;
    const body: string[] = [];
    let j = i + 1;
    const closing = new RegExp(`^ {0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`);
    for (; j < lines.length && !closing.test(lines[j] ?? ''); j++) {
      // Content lines lose as many leading spaces as the fence was indented.
      const line = lines[j] ?? '';
      const spaces = /^ */.exec(line)?.[0].length ?? 0;
      body.push(line.slice(Math.min(spaces, indent.length)));
    }
    if (isRustInfo(info)) blocks.push(body.map((line) => `${line}\n`).join(''));
    i = j;
  }
  return blocks;
}
