// The lesson's self-check: one question, its choices as buttons, and instant feedback. The feedback
// is written into a live region that exists before any answer, so screen readers announce it; the
// chosen button is `aria-pressed` and marked with ✓ or ✗ as well as colour. The extension is told the
// choice's index and decides itself whether it was right (the page is not trusted to say so).
import type { SelfCheck } from '../src/shared/lessons/selfCheck';
import { renderChoice, renderInline, renderMarkdown } from './markdown';

export interface SelfCheckOptions {
  /** The learner answered it right in an earlier session. */
  passedBefore: boolean;
  onAnswer: (choice: number) => void;
}

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string>,
  html?: string,
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  // Lesson Markdown rendered by markdown-it with raw HTML off: lesson text is escaped there.
  if (html !== undefined) el.innerHTML = html;
  return el;
}

export function renderSelfCheck(check: SelfCheck, options: SelfCheckOptions): HTMLElement {
  const section = element('section', { class: 'self-check', 'aria-labelledby': 'self-check-heading' });
  const heading = element('h2', { id: 'self-check-heading' });
  heading.textContent = 'Self-check';
  const question = element(
    'div',
    { id: 'self-check-question', class: 'question' },
    renderMarkdown(check.question),
  );
  const choices = element('div', {
    class: 'choices',
    role: 'group',
    'aria-labelledby': 'self-check-question',
  });
  const feedback = element('div', {
    id: 'self-check-feedback',
    class: 'feedback',
    role: 'status',
    'aria-live': 'polite',
  });

  const buttons = check.choices.map((choice, index) => {
    const button = element('button', { type: 'button', class: 'choice', 'aria-pressed': 'false' });
    const mark = element('span', { class: 'mark', 'aria-hidden': 'true' });
    button.append(mark, element('span', { class: 'choice-text' }, renderChoice(choice.text)));
    button.addEventListener('click', () => {
      for (const [i, other] of buttons.entries()) {
        const picked = i === index;
        other.setAttribute('aria-pressed', String(picked));
        other.classList.toggle('correct', picked && choice.correct);
        other.classList.toggle('incorrect', picked && !choice.correct);
        const otherMark = other.querySelector('.mark');
        if (otherMark) otherMark.textContent = picked ? (choice.correct ? '✓' : '✗') : '';
      }
      const verdict = choice.correct ? 'Correct.' : 'Incorrect.';
      feedback.className = `feedback ${choice.correct ? 'correct' : 'incorrect'}`;
      feedback.innerHTML = `<strong>${verdict}</strong> ${renderInline(choice.feedback)}`;
      if (!choice.correct) feedback.append(' Try another answer.');
      options.onAnswer(index);
    });
    return button;
  });
  choices.append(...buttons);
  section.append(heading, question, choices, feedback);
  if (options.passedBefore) {
    const note = element('p', { class: 'passed-before' });
    note.textContent = 'You answered this right before.';
    section.insertBefore(note, question);
  }
  return section;
}
