// Shape check for the `markUnderstood` command argument. No `vscode` import.
import { parseOpenLessonArgs } from '../commandArgs';

export interface MarkUnderstoodArgs {
  lesson: string;
  /** `false` takes the mark back; defaults to `true`. */
  understood: boolean;
}

/** `{ lesson, understood? }` naming a lesson of the catalog (`known`), else `undefined`. */
export function parseMarkUnderstoodArgs(
  value: unknown,
  known: readonly string[],
): MarkUnderstoodArgs | undefined {
  const args = parseOpenLessonArgs(value);
  if (!args || !known.includes(args.lesson)) return undefined;
  const understood = (value as { understood?: unknown }).understood;
  if (understood !== undefined && typeof understood !== 'boolean') return undefined;
  return { lesson: args.lesson, understood: understood ?? true };
}
