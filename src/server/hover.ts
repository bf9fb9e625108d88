import { MarkupKind, type Hover, type Position } from 'vscode-languageserver';
import { lessonTitle } from '../shared/lessons/lessonTitles';
import { APPLY_FIX_COMMAND, commandUri, OPEN_LESSON_COMMAND } from '../shared/protocol';
import type { Finding, HoverInfo, Range } from '../shared/types';
import { lessonArgsFor } from './lessonArgs';
import type { Analysis, RustDocument } from './rustDocument';

export interface HoverOptions {
  /** The client renders markdown (otherwise plain text, without links). */
  markdown: boolean;
  /** The client declared `initializationOptions.commandLinks`. */
  commandLinks: boolean;
  /** The document's current findings; only asked for when links are wanted. */
  findings: () => Promise<Analysis>;
}

export async function provideHover(
  doc: RustDocument,
  position: Position,
  options: HoverOptions,
): Promise<Hover | null> {
  const info = doc.hover(position);
  if (!info) return null;
  if (!options.markdown) {
    return { range: info.range, contents: { kind: MarkupKind.PlainText, value: plainText(info) } };
  }
  const links = options.commandLinks ? commandLinks(doc.uri, info, position, await options.findings()) : [];
  return { range: info.range, contents: { kind: MarkupKind.Markdown, value: markdown(info, links) } };
}

export function markdown(info: HoverInfo, links: string[]): string {
  const lines = [`**${info.title}**`, info.explanation, `Lesson: *${lessonTitle(info.lesson)}*`];
  if (links.length > 0) lines.push(links.join(' · '));
  // A blank line between them: markdown would otherwise join the lines into one paragraph.
  return lines.join('\n\n');
}

function plainText(info: HoverInfo): string {
  return [info.title, info.explanation, `Lesson: ${lessonTitle(info.lesson)}`].join('\n');
}

function commandLinks(uri: string, info: HoverInfo, position: Position, analysis: Analysis): string[] {
  const finding = analysis.findings.find((f) => contains(f.range, position));
  const fix = finding ? preferredFix(finding)[0] : undefined;
  // The finding goes with the lesson, so the panel can show the learner's code and the fix.
  const lessonArgs = lessonArgsFor(info.lesson, uri, analysis.version, finding);
  const links = [`[Open lesson](${commandUri({ command: OPEN_LESSON_COMMAND, args: [lessonArgs] })})`];
  if (fix) {
    const args = { uri, version: analysis.version, title: fix.title, edits: fix.edits };
    links.push(
      `[Apply fix: ${escapeLinkText(fix.title)}](${commandUri({ command: APPLY_FIX_COMMAND, args: [args] })} "${escapeTitle(fix.title)}")`,
    );
  }
  return links;
}

/** Brackets would end the link text early. */
function escapeLinkText(text: string): string {
  return text.replace(/[[\]\\]/g, '\\$&');
}

function preferredFix(finding: Finding) {
  return finding.fixes.filter((f) => f.applicability === 'safe');
}

function contains(range: Range, p: Position): boolean {
  const afterStart =
    p.line > range.start.line || (p.line === range.start.line && p.character >= range.start.character);
  const beforeEnd =
    p.line < range.end.line || (p.line === range.end.line && p.character <= range.end.character);
  return afterStart && beforeEnd;
}

/** Link titles are quoted; a quote or backslash inside would end them early. */
function escapeTitle(title: string): string {
  return title.replace(/["\\]/g, '\\$&');
}
