// The only commands that hover Markdown from the server may run through `command:` links.
// Kept free of `vscode` imports so the manifest test can check them against package.json.
import { APPLY_FIX_COMMAND, OPEN_LESSON_COMMAND } from '../shared/protocol';

export const TRUSTED_HOVER_COMMANDS: readonly string[] = [OPEN_LESSON_COMMAND, APPLY_FIX_COMMAND];
