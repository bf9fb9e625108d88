// The only module that touches @vscode/webview-ui-toolkit. The toolkit is archived upstream, so every
// use of it goes through these few helpers: replacing it later (with @vscode-elements or plain
// elements styled with VS Code's CSS variables) changes this file alone.
//
// Where the archived toolkit gets accessibility wrong, the workaround is here (and in toolkit.css):
// - `<vscode-button>` overrides `attributeChangedCallback` without calling FAST's, so ARIA attributes
//   set on the element (`aria-pressed`, `aria-disabled`, …) never reach the real `<button>` in its
//   shadow root. Setting the FAST *properties* (`ariaPressed`, `ariaDisabled`) does: they feed the
//   template's bindings. (It also means `appearance` is read once, when the element connects.)
// - A disabled `<vscode-button>` disables the inner `<button>`, which drops keyboard focus to
//   `<body>`. A busy or spent button is `aria-disabled` instead: it keeps focus and says why.
// - The button's focus ring is 1 px inside its shadow root; toolkit.css makes it 2 px through the
//   `control` part.
// - `<vscode-divider>` always writes `aria-orientation`, which `role="presentation"` forbids. A
//   decorative divider keeps its `separator` role and is hidden with `aria-hidden` instead.
import { provideVSCodeDesignSystem, vsCodeButton, vsCodeDivider } from '@vscode/webview-ui-toolkit';
import './toolkit.css';

let registered = false;

/**
 * Defines `<vscode-button>` and `<vscode-divider>`; safe to call more than once. (`<vscode-tag>` and
 * `<vscode-badge>` are left out: their template sets a `style` attribute, which the panel's CSP blocks.)
 */
export function registerToolkit(): void {
  if (registered) return;
  registered = true;
  provideVSCodeDesignSystem().register(vsCodeButton(), vsCodeDivider());
}

/** The FAST properties of `<vscode-button>` that reach its inner `<button>` (see above). */
interface ToolkitButton extends HTMLElement {
  ariaPressed: string | null;
  ariaDisabled: string | null;
}

export interface ButtonOptions {
  id?: string;
  appearance?: 'primary' | 'secondary';
  /** An accessible name when the label alone is ambiguous. */
  ariaLabel?: string;
  onClick: () => void;
}

/** A real button (the element delegates focus to a `<button>` in its shadow root). */
export function createButton(label: string, options: ButtonOptions): HTMLElement {
  const button = document.createElement('vscode-button');
  button.append(label);
  button.setAttribute('appearance', options.appearance ?? 'primary');
  if (options.id) button.id = options.id;
  if (options.ariaLabel) button.setAttribute('aria-label', options.ariaLabel);
  button.addEventListener('click', () => {
    if (!isButtonUnavailable(button)) options.onClick();
  });
  return button;
}

/**
 * Makes a button unavailable (a fix on its way, or applied) without `disabled`: it stays focusable,
 * so keyboard focus is not lost, and a screen reader hears it as unavailable.
 */
export function setButtonUnavailable(button: HTMLElement, unavailable: boolean): void {
  (button as ToolkitButton).ariaDisabled = unavailable ? 'true' : null;
}

export function isButtonUnavailable(button: HTMLElement): boolean {
  return (button as ToolkitButton).ariaDisabled === 'true';
}

/** Replaces the button's text, keeping a toggle's check mark (the `start` slot). */
export function setButtonLabel(button: HTMLElement, label: string): void {
  for (const node of [...button.childNodes]) {
    if (!(node instanceof Element && node.slot === 'start')) node.remove();
  }
  button.append(label);
}

/**
 * A toggle button's state. `aria-pressed` reaches the inner `<button>` through the property; the
 * label stays the same, and a check mark (hidden from screen readers) shows the state.
 */
export function setButtonPressed(button: HTMLElement, pressed: boolean): void {
  (button as ToolkitButton).ariaPressed = String(pressed);
  button.querySelector(':scope > .pressed-mark')?.remove();
  if (pressed) {
    const mark = document.createElement('span');
    mark.className = 'pressed-mark';
    mark.slot = 'start';
    mark.setAttribute('aria-hidden', 'true');
    mark.textContent = '✓';
    button.prepend(mark);
  }
}

/** A horizontal rule; a decorative one is hidden from screen readers (see above). */
export function createDivider(decorative = true): HTMLElement {
  const divider = document.createElement('vscode-divider');
  if (decorative) divider.setAttribute('aria-hidden', 'true');
  return divider;
}

/** A small label such as a rule id, styled like the toolkit's tag (`.tag` in lessonPanel.css). */
export function createTag(text: string): HTMLElement {
  const tag = document.createElement('span');
  tag.className = 'tag';
  tag.textContent = text;
  return tag;
}
