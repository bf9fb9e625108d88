// The workspace Findings view's pure parts: lessons by severity then course order, files inside a
// lesson whose findings are in several, running counts as findings come and go, labels of files
// that are not open, the view's scope, and a synthetic workspace of 10,000 findings.
//
// Run: node --import tsx --test test/workspaceFindings.test.ts
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FindingsStore } from '../src/client/sidebar/findingGroups';
import { FINDINGS_SCOPE_KEY, initialFindingsScope } from '../src/client/sidebar/findingsScope';
import {
  EXPANDED_FILES_MAX_FINDINGS,
  type FileNode,
  FILE_GROUPING_MIN_FILES,
  fileFindings,
  lessonChildren,
  type LessonNode,
  lessonNodes,
  type WorkspaceLabels,
  workspaceCounts,
} from '../src/client/sidebar/workspaceFindings';
import { findingSnippets } from '../src/shared/findingSnippet';
import type { FindingsParams } from '../src/shared/protocol';
import type { Finding, Severity } from '../src/shared/types';

function finding(lesson: string, line: number, severity: Severity = 'warning', character = 4): Finding {
  return {
    rule: lesson,
    lesson,
    severity,
    message: `${lesson} message`,
    advice: 'advice',
    range: { start: { line, character }, end: { line, character: character + 8 } },
    fixes: [],
  };
}

const uri = (file: string) => `file:///ws/${file}`;
const COURSE = ['unwrap-used', 'expect-used', 'question-mark', 'static-mut'];
const labels: WorkspaceLabels = {
  titleOf: (lesson) => `Lesson ${lesson}`,
  courseRank: (lesson) => (COURSE.includes(lesson) ? COURSE.indexOf(lesson) : COURSE.length),
  relativePath: (u) => u.replace('file:///ws/', ''),
  lineAt: () => undefined,
};

function onDisk(file: string, findings: Finding[], snippets?: string[]): FindingsParams {
  return { uri: uri(file), version: 0, findings, onDisk: true, ...(snippets ? { snippets } : {}) };
}

/** The tree as indented lines, every node expanded: what a learner sees with everything open. */
function outline(store: FindingsStore, l: WorkspaceLabels = labels): string[] {
  const lines: string[] = [];
  for (const lesson of lessonNodes(store, l)) {
    lines.push(`${lesson.label} [${lesson.severity}] ${lesson.count} in ${lesson.files}`);
    for (const child of lessonChildren(store, lesson, l)) {
      if (child.kind === 'file') {
        lines.push(`  ${child.path} (${child.count})`);
        for (const f of fileFindings(store, child.lesson, child.uri, l)) lines.push(`    ${f.label}`);
      } else {
        lines.push(`  ${child.label}`);
      }
    }
  }
  return lines;
}

describe('workspace findings grouped by lesson, then by file', () => {
  it('groups a lesson by file once its findings are in several files; one file stays flat', () => {
    assert.equal(FILE_GROUPING_MIN_FILES, 2);
    const store = new FindingsStore();
    store.accept(onDisk('src/main.rs', [finding('unwrap-used', 9), finding('expect-used', 3)]));
    store.accept(onDisk('src/config.rs', [finding('unwrap-used', 14), finding('unwrap-used', 4)]));
    store.accept(onDisk('src/clean.rs', []));
    assert.deepEqual(outline(store), [
      'Lesson unwrap-used [warning] 3 in 2',
      '  src/config.rs (2)',
      '    line 5: unwrap-used message',
      '    line 15: unwrap-used message',
      '  src/main.rs (1)',
      '    line 10: unwrap-used message',
      'Lesson expect-used [warning] 1 in 1',
      '  line 4: expect-used message',
    ]);
    const [unwrap, expect] = lessonNodes(store, labels);
    assert.equal(unwrap?.onlyFile, undefined);
    assert.equal(expect?.onlyFile, uri('src/main.rs'), 'a lesson in one file names it');
    assert.deepEqual(workspaceCounts(store), { findings: 4, files: 2 });
  });

  it('orders lessons by their worst severity, then course order, then title', () => {
    const store = new FindingsStore();
    store.accept(
      onDisk('a.rs', [finding('static-mut', 0, 'error'), finding('zeta', 1), finding('alpha', 2)]),
    );
    store.accept(onDisk('b.rs', [finding('question-mark', 0, 'information'), finding('expect-used', 1)]));
    store.accept(onDisk('c.rs', [finding('unwrap-used', 0, 'hint'), finding('unwrap-used', 1)]));
    assert.deepEqual(
      lessonNodes(store, labels).map((n) => `${n.lesson}:${n.severity}`),
      [
        'static-mut:error',
        // Warnings: course order, then lessons outside the course by title.
        'unwrap-used:warning',
        'expect-used:warning',
        'alpha:warning',
        'zeta:warning',
        'question-mark:information',
      ],
    );
  });

  it('sorts files by path segment by segment and starts them collapsed once the lesson has many findings', () => {
    const store = new FindingsStore();
    store.accept(onDisk('src/b.rs', [finding('unwrap-used', 0)]));
    store.accept(onDisk('src/a/z.rs', [finding('unwrap-used', 0, 'error')]));
    store.accept(onDisk('src/a.rs', [finding('unwrap-used', 0)]));
    store.accept(onDisk('src/a-b.rs', [finding('unwrap-used', 0)]));
    const [lesson] = lessonNodes(store, labels);
    assert.ok(lesson);
    const files = lessonChildren(store, lesson, labels) as FileNode[];
    assert.deepEqual(
      files.map((f) => `${f.path} ${f.severity}`),
      ['src/a/z.rs error', 'src/a-b.rs warning', 'src/a.rs warning', 'src/b.rs warning'],
    );
    assert.ok(files.every((f) => f.expanded));

    const many = new FindingsStore();
    const lines = Array.from({ length: EXPANDED_FILES_MAX_FINDINGS }, (_, i) => finding('unwrap-used', i));
    many.accept(onDisk('x.rs', lines));
    many.accept(onDisk('y.rs', [finding('unwrap-used', 0)]));
    const [big] = lessonNodes(many, labels);
    assert.ok(big);
    assert.equal(big.count, EXPANDED_FILES_MAX_FINDINGS + 1);
    assert.ok((lessonChildren(many, big, labels) as FileNode[]).every((f) => !f.expanded));
  });

  it("labels a file that is not open with the server's snippets, an open one with its own lines", () => {
    const text =
      'fn f(v: Option<u8>, w: Option<u8>) {\r\n    let a =    v.unwrap();\r\n    w.expect("w");\r\n}\r\n';
    const findings = [finding('expect-used', 2, 'warning', 4), finding('unwrap-used', 1, 'warning', 15)];
    const snippets = findingSnippets(text, findings);
    assert.deepEqual(snippets, ['w.expect("w");', 'let a = v.unwrap();']);
    const store = new FindingsStore();
    store.accept(onDisk('src/lib.rs', findings, snippets));
    assert.deepEqual(outline(store), [
      'Lesson unwrap-used [warning] 1 in 1',
      '  line 2: let a = v.unwrap();',
      'Lesson expect-used [warning] 1 in 1',
      '  line 3: w.expect("w");',
    ]);
    // Open, the document's own line (maybe a keystroke ahead) wins.
    const open = {
      ...labels,
      lineAt: (u: string, line: number) => (line === 1 ? '  let b = v.unwrap(); ' : undefined),
    };
    assert.equal(outline(store, open)[1], '  line 2: let b = v.unwrap();');
    // Snippets that do not pair up with the findings are not trusted: the message is shown.
    store.accept(onDisk('src/lib.rs', findings, ['only one']));
    assert.equal(outline(store)[1], '  line 2: unwrap-used message');
  });

  it('keeps running counts as files change, close and the server restarts', () => {
    const store = new FindingsStore();
    store.accept(onDisk('a.rs', [finding('unwrap-used', 0), finding('unwrap-used', 1)]));
    store.accept(onDisk('b.rs', [finding('unwrap-used', 0), finding('static-mut', 1)]));
    assert.deepEqual(
      [...store.countsByLesson()],
      [
        ['unwrap-used', 3],
        ['static-mut', 1],
      ],
    );
    // a.rs opened and edited: its own findings replace the ones on disk, never added to them.
    store.accept({ uri: uri('a.rs'), version: 3, findings: [finding('unwrap-used', 0)] });
    assert.deepEqual(
      [...store.countsByLesson()],
      [
        ['unwrap-used', 2],
        ['static-mut', 1],
      ],
    );
    // b.rs fixed on disk: its lessons go, and a lesson in one file is no longer grouped by file.
    store.accept(onDisk('b.rs', []));
    assert.deepEqual([...store.countsByLesson()], [['unwrap-used', 1]]);
    const [lesson] = lessonNodes(store, labels);
    assert.deepEqual(
      lessonChildren(store, lesson as LessonNode, labels).map((n) => n.kind),
      ['finding'],
    );
    store.delete(uri('a.rs'));
    assert.deepEqual(lessonNodes(store, labels), []);
    store.accept(onDisk('c.rs', [finding('static-mut', 0)]));
    store.clear();
    assert.deepEqual(workspaceCounts(store), { findings: 0, files: 0 });
    assert.deepEqual(lessonNodes(store, labels), []);
  });

  it("opens a finding of a file on disk with the disk's version, for the click to refresh", () => {
    const store = new FindingsStore();
    store.accept(onDisk('src/raw.rs', [finding('static-mut', 6)]));
    const [node] = fileFindings(store, 'static-mut', uri('src/raw.rs'), labels);
    assert.equal(node?.args.lesson, 'static-mut');
    assert.equal(node?.args.finding.uri, uri('src/raw.rs'));
    assert.equal(node?.args.finding.version, 0);
    assert.deepEqual(fileFindings(store, 'static-mut', uri('gone.rs'), labels), []);
  });

  it('lists 10,000 findings in 500 files lazily (time noted, not asserted)', (t) => {
    const lessons = ['unwrap-used', 'expect-used', 'question-mark', 'static-mut', 'transmute'];
    const store = new FindingsStore();
    const started = performance.now();
    for (let file = 0; file < 500; file++) {
      const findings = Array.from({ length: 20 }, (_, i) =>
        finding(lessons[(file + i) % lessons.length] ?? '', i * 3),
      );
      store.accept(
        onDisk(
          `src/m${file}/lib.rs`,
          findings,
          findings.map((_, i) => `line ${i}`),
        ),
      );
    }
    const accepted = performance.now();
    const roots = lessonNodes(store, labels);
    const files = roots.flatMap((lesson) => lessonChildren(store, lesson, labels) as FileNode[]);
    const listed = performance.now();
    const all = files.flatMap((f) => fileFindings(store, f.lesson, f.uri, labels));
    const expanded = performance.now();
    // One file changes (as a scan or a save sends it): the counts follow without a rebuild.
    store.accept(onDisk('src/m0/lib.rs', [finding('transmute', 0, 'error')]));
    const root = lessonNodes(store, labels);
    const updated = performance.now();

    assert.equal(roots.length, 5);
    assert.deepEqual(
      roots.map((r) => r.count),
      [2000, 2000, 2000, 2000, 2000],
    );
    assert.equal(files.length, 2500);
    assert.equal(all.length, 10_000);
    assert.deepEqual(workspaceCounts(store), { findings: 9981, files: 500 });
    assert.equal(root[0]?.lesson, 'transmute', 'the error comes first');
    const ms = (a: number, b: number) => `${(b - a).toFixed(1)} ms`;
    t.diagnostic(
      `10,000 findings: accept ${ms(started, accepted)}, lessons + files ${ms(accepted, listed)}, ` +
        `every file expanded ${ms(listed, expanded)}, one file changed + lessons ${ms(expanded, updated)}`,
    );
  });
});

describe("the Findings view's scope", () => {
  it("is the learner's choice, else the workspace when the server scans it", () => {
    assert.equal(FINDINGS_SCOPE_KEY, 'rustSafetyCoach.findingsScope');
    const scans = { hostScansWorkspace: true, workspaceDiagnostics: true };
    assert.equal(initialFindingsScope(undefined, scans), 'workspace');
    assert.equal(initialFindingsScope(undefined, { ...scans, workspaceDiagnostics: false }), 'file');
    assert.equal(initialFindingsScope(undefined, { ...scans, hostScansWorkspace: false }), 'file');
    assert.equal(initialFindingsScope('file', scans), 'file');
    assert.equal(initialFindingsScope('workspace', { ...scans, hostScansWorkspace: false }), 'workspace');
    assert.equal(initialFindingsScope('everything', scans), 'workspace', 'a bad stored value is ignored');
  });
});
