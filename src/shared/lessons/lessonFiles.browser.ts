// The web host's lesson files: bundled into `dist/extensionWeb.js` by scripts/build.mjs, because
// the sidebar's catalog is built synchronously at activation (the panel reads with workspace.fs).
declare const RSC_BUNDLED_LESSONS: Record<string, string>;

export function lessonFileNames(_dir: string): string[] {
  return Object.keys(RSC_BUNDLED_LESSONS);
}

export function readLessonFile(_dir: string, name: string): { file: string; text: string } {
  const text = RSC_BUNDLED_LESSONS[name];
  if (text === undefined) throw new Error(`${name}: not bundled`);
  return { file: name, text };
}
