// Folds a lesson's answer away: in the rendered lesson, everything from a `### Answer` heading in the
// `## Try it` section up to the next `##` heading goes into a closed `<details>`, so the learner tries
// the exercise first. A native disclosure: keyboard and screen readers know it as an expandable button.

function headingText(element: Element): string {
  return (element.textContent ?? '').trim();
}

/** Folds every answer in `body` (markdown-it output); returns how many it folded. */
export function foldAnswers(body: HTMLElement): number {
  let section = '';
  let folded = 0;
  for (let element = body.firstElementChild; element; element = element.nextElementSibling) {
    if (element.tagName === 'H2') section = headingText(element);
    if (section !== 'Try it' || element.tagName !== 'H3' || headingText(element) !== 'Answer') continue;
    const details = document.createElement('details');
    details.className = 'answer';
    const summary = document.createElement('summary');
    summary.textContent = 'Show the answer';
    details.append(summary);
    // The heading itself is what the summary says; what follows it, up to the next section, is folded.
    let next = element.nextElementSibling;
    while (next && next.tagName !== 'H2') {
      const moving = next;
      next = next.nextElementSibling;
      details.append(moving);
    }
    element.replaceWith(details);
    element = details;
    folded++;
  }
  return folded;
}
