// Code blocks and tables that scroll sideways in a narrow panel. Chromium makes such a box focusable
// on its own, as an unnamed focusable element; a keyboard user needs it focusable to scroll it, and
// a screen reader needs to know what it is. So while it overflows (and holds nothing focusable
// that could scroll it instead) it is a named region in the Tab order; otherwise it is plain again.

const FOCUSABLE = 'a[href], button, input, select, textarea, [tabindex], vscode-button';

/** Marks `element` as one that may scroll sideways, named `label` while it does. */
export function scrollableRegion<E extends HTMLElement>(element: E, label: string): E {
  element.dataset.scrollLabel = label;
  return element;
}

function update(element: HTMLElement): void {
  const label = element.dataset.scrollLabel;
  const overflows = element.scrollWidth > element.clientWidth + 1;
  const focusableInside = element.querySelector(FOCUSABLE) !== null;
  if (label && overflows && !focusableInside) {
    element.tabIndex = 0;
    element.setAttribute('role', 'region');
    element.setAttribute('aria-label', label);
  } else {
    element.removeAttribute('tabindex');
    element.removeAttribute('role');
    element.removeAttribute('aria-label');
  }
}

const observer = new ResizeObserver((entries) => {
  for (const entry of entries) update(entry.target as HTMLElement);
});

/** Watches every marked element under `root` (call again after each render). */
export function watchScrollableRegions(root: HTMLElement): void {
  observer.disconnect();
  for (const element of root.querySelectorAll<HTMLElement>('[data-scroll-label]')) {
    update(element);
    observer.observe(element);
  }
}
