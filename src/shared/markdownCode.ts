/**
 * Source text quoted in a finding's message or fix title, as a Markdown code span that shows it
 * exactly. Messages are Markdown (the lesson panel renders them), and code quoted between plain
 * backticks could close the span early: ``m.get("`[x](https://…)`")`` became a live link. Here
 * the fence is one backtick longer than the longest run inside, and a space pads text that starts
 * or ends with a backtick or a space (CommonMark strips one from each side). Inside a code span
 * nothing else is Markdown: no link, emphasis, HTML or entity. Line breaks become the spaces
 * Markdown would show anyway.
 */
export function codeSpan(text: string): string {
  const flat = text.replace(/[ \t]*(?:\r\n?|\n)[ \t]*/g, ' ');
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  // All spaces are kept as they are; an empty span needs one to be a span at all.
  const pad = (/[^ ]/.test(flat) && /^[` ]|[` ]$/.test(flat)) || flat === '' ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/**
 * `codeSpan(text)` when the code is short enough for a finding's one-line message, else `fallback`
 * ("this call"): the main line stays under about 80 characters, and the range shows the code anyway.
 */
export function shortCodeSpan(text: string, fallback: string, max = 32): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? codeSpan(flat) : fallback;
}
