// The only module that touches @vscode/webview-ui-toolkit. The toolkit is archived upstream, so every
// use of it goes through these few helpers: replacing it later (with @vscode-elements or plain
// elements styled with VS Code's CSS variables) changes this file alone.
import { provideVSCodeDesignSystem, vsCodeButton, vsCodeDivider } from '@vscode/webview-ui-toolkit';

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
  button.textContent = label;
  button.setAttribute('appearance', options.appearance ?? 'primary');
  if (options.id) button.id = options.id;
  if (options.ariaLabel) button.setAttribute('aria-label', options.ariaLabel);
  button.addEventListener('click', () => {
    if (!button.hasAttribute('disabled')) options.onClick();
  });
  return button;
}

export function setButtonDisabled(button: HTMLElement, disabled: boolean): void {
  button.toggleAttribute('disabled', disabled);
}

export function setButtonLabel(button: HTMLElement, label: string): void {
  button.textContent = label;
}

/** A horizontal rule; `presentation` keeps it out of the accessibility tree. */
export function createDivider(decorative = true): HTMLElement {
  const divider = document.createElement('vscode-divider');
  if (decorative) divider.setAttribute('role', 'presentation');
  return divider;
}

/** A small label such as a rule id, styled like the toolkit's tag (`.tag` in lessonPanel.css). */
export function createTag(text: string): HTMLElement {
  const tag = document.createElement('span');
  tag.className = 'tag';
  tag.textContent = text;
  return tag;
}

/** A toggle button's state (`aria-pressed`, forwarded to the inner `<button>`). */
export function setButtonPressed(button: HTMLElement, pressed: boolean): void {
  button.setAttribute('aria-pressed', String(pressed));
}
