// A lesson's self-check question, written in its Markdown as a task list with one right answer:
//
//   ## Self-check
//
//   Which of these never panics?
//
//   - [ ] `v[3]` on a three-element `Vec` — Indexes start at 0, so 3 is past the end: it panics.
//   - [x] `v.get(3)` — Right: `get` returns `None` instead.
//
// Each choice is its text, " — " (an em dash between spaces), and the feedback shown once it is
// picked. The section ends at the next `## ` heading or the end of the file.

export interface SelfCheckChoice {
  /** Markdown (inline). */
  text: string;
  correct: boolean;
  /** Markdown (inline): why this choice is right or wrong. */
  feedback: string;
}

export interface SelfCheck {
  /** Markdown: the question. */
  question: string;
  choices: SelfCheckChoice[];
}

const HEADING = /^## Self-check\s*$/;
const CHOICE = /^- \[( |x)\] (.+?) — (.+)$/;

/** Splits the self-check section out of a lesson body; `fail` reports a malformed one. */
export function takeSelfCheck(
  body: string,
  fail: (message: string) => never,
): { body: string; selfCheck?: SelfCheck } {
  const lines = body.split('\n');
  const start = lines.findIndex((line) => HEADING.test(line));
  if (start < 0) return { body };
  let end = lines.findIndex((line, i) => i > start && /^## /.test(line));
  if (end < 0) end = lines.length;
  if (lines.slice(end).some((line) => HEADING.test(line))) fail('"## Self-check" appears twice');

  const question: string[] = [];
  const choices: SelfCheckChoice[] = [];
  for (const line of lines.slice(start + 1, end)) {
    if (/^- \[/.test(line)) {
      const m = CHOICE.exec(line);
      if (!m) fail(`self-check choice is not "- [ ] text — feedback" or "- [x] text — feedback": ${line}`);
      choices.push({ text: (m[2] ?? '').trim(), correct: m[1] === 'x', feedback: (m[3] ?? '').trim() });
    } else if (choices.length > 0) {
      if (line.trim() !== '') fail(`self-check has text after its choices: ${line}`);
    } else question.push(line);
  }
  const questionText = question.join('\n').trim();
  if (questionText === '') fail('self-check has no question');
  if (choices.length < 2) fail('self-check needs at least two choices');
  if (choices.filter((c) => c.correct).length !== 1) fail('self-check needs exactly one "- [x]" choice');

  const rest = [...lines.slice(0, start), ...lines.slice(end)].join('\n').replace(/\n+$/, '\n');
  return { body: rest, selfCheck: { question: questionText, choices } };
}
