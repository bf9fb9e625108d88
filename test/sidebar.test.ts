// The sidebar's pure parts (findings grouped by lesson, the lesson catalog tree, progress), the
// walkthrough sample, and the manifest entries of the sidebar and the walkthrough.
//
// Run: node --import tsx --test test/sidebar.test.ts
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { SAMPLE_SOURCE } from '../src/client/commands/sample';
import {
  isLessonUnderstood,
  isSelfCheckPassed,
  recordSelfCheck,
  lessonOpened,
  setLessonUnderstood,
  setProgressStore,
} from '../src/client/progress/lessonProgress';
import { parseMarkUnderstoodArgs } from '../src/client/progress/progressArgs';
import {
  emptyProgress,
  parseProgress,
  progressLabel,
  summarizeProgress,
  withOpened,
  withSelfCheck,
  withUnderstood,
} from '../src/client/progress/progressState';
import { PROGRESS_KEY, ProgressStore, type ProgressMemento } from '../src/client/progress/progressStore';
import {
  buildCatalogTree,
  catalogLessonIds,
  lessonTitle,
  loadCatalog,
  plainCell,
} from '../src/client/sidebar/catalogTree';
import {
  FindingsStore,
  findingLabel,
  findingSnippet,
  groupFindingsByLesson,
  parseShowFindingArgs,
} from '../src/client/sidebar/findingGroups';
import { TABLE_IDS, TABLES } from '../src/shared/lessons/tables';
import type { FindingsParams } from '../src/shared/protocol';
import type { Finding, Severity } from '../src/shared/types';
import { findingsIn } from './support/engine';

const ROOT = path.resolve(__dirname, '..');
const LESSONS_DIR = path.join(ROOT, 'lessons');
const catalog = loadCatalog(LESSONS_DIR);
const tree = buildCatalogTree(catalog.lessons);
const ROW_LESSONS = TABLE_IDS.flatMap((id) => TABLES[id].rows.map((row) => row.lesson));

function finding(lesson: string, line: number, character: number, severity: Severity = 'warning'): Finding {
  return {
    rule: lesson,
    lesson,
    severity,
    message: `${lesson} at ${line}:${character}`,
    advice: `what to do at ${line}:${character}`,
    range: { start: { line, character }, end: { line, character: character + 3 } },
    fixes: [],
  };
}

describe('findings grouped by lesson', () => {
  const titleOf = (lesson: string): string => lessonTitle(tree, lesson);

  it('groups real engine findings under their lesson titles, in document order', async () => {
    const text = [
      'static mut COUNTER: u32 = 0;',
      'fn first(v: Option<u32>) -> u32 {',
      '    v.unwrap()',
      '}',
      'fn second(v: Option<u32>, w: Option<u32>) -> u32 {',
      '    v.expect("failed") + w.unwrap()',
      '}',
      '',
    ].join('\n');
    const findings = await findingsIn(text);
    const params: FindingsParams = {
      uri: 'file:///src/lib.rs',
      version: 3,
      findings: [...findings].reverse(),
    };
    const groups = groupFindingsByLesson(params, titleOf);

    assert.deepEqual(
      groups.map((g) => [g.lesson, g.children.length]),
      [
        ['static-mut', 1],
        ['unwrap-used', 2],
        ['expect-used', 1],
      ],
    );
    assert.deepEqual(
      groups.map((g) => g.label),
      groups.map((g) => catalog.lessons.get(g.lesson)?.title ?? g.lesson),
    );
    const unwraps = groups[1]?.children ?? [];
    assert.deepEqual(
      unwraps.map((c) => c.label.replace(/:.*/, '')),
      ['line 3', 'line 6'],
    );
    for (const child of groups.flatMap((g) => g.children)) {
      assert.equal(child.label, `line ${child.finding.range.start.line + 1}: ${child.finding.message}`);
      assert.equal(child.args.lesson, child.lesson);
      assert.equal(child.args.finding.uri, params.uri);
      assert.equal(child.args.finding.version, 3);
      assert.deepEqual(child.args.finding.range, child.finding.range);
    }
    // With the document's lines, each finding shows its code instead of the message.
    const lines = text.split('\n');
    const withCode = groupFindingsByLesson(params, titleOf, (line) => lines[line]);
    assert.deepEqual(withCode.flatMap((g) => g.children.map((c) => c.label)).slice(1), [
      'line 3: v.unwrap()',
      'line 6: v.expect("failed") + w.unwrap()',
      'line 6: v.expect("failed") + w.unwrap()',
    ]);
    // The preferred fix travels with the finding so the lesson panel can preview it.
    const preferred = unwraps[0]?.finding.fixes.find((f) => f.applicability === 'safe');
    assert.deepEqual(
      unwraps[0]?.args.finding.fix,
      preferred && { title: preferred.title, edits: preferred.edits },
    );
  });

  it('orders groups by first finding, children by position, and takes the worst severity', () => {
    const params: FindingsParams = {
      uri: 'untitled:Untitled-1',
      version: 1,
      findings: [
        finding('b', 9, 0, 'hint'),
        finding('a', 4, 8, 'information'),
        finding('b', 2, 5, 'warning'),
        finding('a', 4, 2, 'error'),
        finding('c', 7, 0, 'hint'),
      ],
    };
    const groups = groupFindingsByLesson(params, (lesson) => `Lesson ${lesson}`);
    assert.deepEqual(
      groups.map((g) => [g.label, g.severity, g.children.map((c) => c.label)]),
      [
        ['Lesson b', 'warning', ['line 3: b at 2:5', 'line 10: b at 9:0']],
        ['Lesson a', 'error', ['line 5: a at 4:2', 'line 5: a at 4:8']],
        ['Lesson c', 'hint', ['line 8: c at 7:0']],
      ],
    );
    assert.deepEqual(groupFindingsByLesson({ ...params, findings: [] }, String), []);
    assert.equal(findingLabel(finding('x', 0, 0)), 'line 1: x at 0:0');
  });

  it('accepts only well-formed showFinding arguments', () => {
    const [group] = groupFindingsByLesson(
      { uri: 'file:///a.rs', version: 2, findings: [finding('unwrap-used', 1, 4)] },
      String,
    );
    const args = group?.children[0]?.args;
    assert.deepEqual(parseShowFindingArgs(JSON.parse(JSON.stringify(args))), args);
    assert.equal(parseShowFindingArgs(undefined), undefined);
    assert.equal(parseShowFindingArgs({ lesson: 'unwrap-used' }), undefined, 'no finding');
    assert.equal(parseShowFindingArgs({ lesson: '../etc', finding: args?.finding }), undefined);
    assert.equal(
      parseShowFindingArgs({ lesson: 'unwrap-used', finding: { ...args?.finding, range: { start: 1 } } }),
      undefined,
    );
  });

  it('keeps the newest findings per document and forgets closed ones', () => {
    const store = new FindingsStore();
    const uri = 'file:///a.rs';
    assert.equal(store.accept({ uri, version: 2, findings: [finding('a', 0, 0)] }), true);
    assert.equal(store.accept({ uri, version: 1, findings: [] }), false, 'an older version is dropped');
    assert.equal(store.get(uri)?.findings.length, 1);
    assert.equal(store.accept({ uri, version: 2, findings: [] }), true, 'the close notification clears');
    assert.equal(store.get(uri)?.findings.length, 0);
    store.delete(uri);
    assert.equal(store.get(uri), undefined);
  });

  it("takes a closed file's findings on disk over an open version's, and an open version's over them", () => {
    const store = new FindingsStore();
    const uri = 'file:///a.rs';
    assert.equal(store.accept({ uri, version: 5, findings: [] }), true);
    // The document closed; a late notification of its last version is kept, then the disk's replace it.
    assert.equal(store.accept({ uri, version: 0, findings: [finding('a', 0, 0)], onDisk: true }), true);
    assert.equal(store.get(uri)?.onDisk, true);
    assert.equal(store.get(uri)?.findings.length, 1);
    assert.equal(store.accept({ uri, version: 1, findings: [] }), true, 'opened again');
    assert.equal(store.get(uri)?.findings.length, 0);
  });
});

describe('lesson catalog tree', () => {
  it('loads every lesson file', () => {
    assert.deepEqual(catalog.errors, []);
    const files = fs.readdirSync(LESSONS_DIR).filter((f) => f.endsWith('.md'));
    assert.equal(catalog.lessons.size, files.length);
  });

  it('follows both tables, every row in table order', () => {
    assert.deepEqual(
      tree.map((t) => t.label),
      ['Failure modes', 'Bug classes'],
    );
    for (const table of tree) {
      const source = TABLES[table.table];
      assert.deepEqual(
        table.children.map((row) => row.row),
        source.rows.map((row) => row.id),
      );
      for (const [i, row] of table.children.entries()) {
        const sourceRow = source.rows[i];
        assert.ok(sourceRow);
        assert.equal(row.label, plainCell(sourceRow.cells[0] ?? ''));
        assert.doesNotMatch(row.label, /`/);
        assert.equal(row.details.length, source.columns.length);
        assert.equal(row.children[0]?.lesson, sourceRow.lesson, `${row.row} starts with its own lesson`);
      }
    }
    assert.equal(tree[0]?.children[0]?.label, 'panic! in no_std');
  });

  it('puts every lesson file under its row exactly once', () => {
    const placed = tree.flatMap((t) =>
      t.children.flatMap((row) => row.children.map((l) => `${t.table}/${row.row}/${l.lesson}`)),
    );
    assert.equal(new Set(placed).size, placed.length, 'a lesson appears twice');
    for (const lesson of catalog.lessons.values()) {
      assert.ok(placed.includes(`${lesson.table}/${lesson.row}/${lesson.id}`), lesson.id);
    }
    const ids = catalogLessonIds(tree);
    assert.deepEqual([...ids].sort(), [...new Set([...catalog.lessons.keys(), ...ROW_LESSONS])].sort());
  });

  it("orders a row's rule lessons as its row lesson lists them", () => {
    const unwrapRow = tree[0]?.children.find((row) => row.row === 'unwrap-none-err');
    const rowLesson = catalog.lessons.get('row-unwrap-none-err');
    if (!rowLesson) return; // lessons are still being written
    const present = rowLesson.rules.filter((rule) => catalog.lessons.has(rule));
    assert.deepEqual(
      unwrapRow?.children.map((l) => l.lesson),
      ['row-unwrap-none-err', ...present],
    );
    assert.equal(unwrapRow?.children[0]?.label, rowLesson.title);
  });

  it('still lists every row when no lesson file exists', () => {
    const bare = buildCatalogTree(new Map());
    assert.deepEqual(catalogLessonIds(bare), ROW_LESSONS);
    for (const row of bare.flatMap((t) => t.children)) {
      assert.equal(row.children.length, 1);
      assert.equal(row.children[0]?.available, false);
      assert.equal(row.children[0]?.label, row.label);
    }
    assert.deepEqual(loadCatalog(path.join(ROOT, 'no-such-dir')).lessons.size, 0);
  });

  it('names lessons by title, falling back to the id', () => {
    assert.equal(
      lessonTitle(tree, 'unwrap-used'),
      catalog.lessons.get('unwrap-used')?.title ?? 'unwrap-used',
    );
    assert.equal(lessonTitle(tree, 'no-such-lesson'), 'no-such-lesson');
  });
});

class MapMemento implements ProgressMemento {
  readonly values = new Map<string, unknown>();
  get(key: string): unknown {
    return this.values.get(key);
  }
  async update(key: string, value: unknown): Promise<void> {
    // globalState stores JSON: keep only what survives a round trip.
    this.values.set(key, JSON.parse(JSON.stringify(value)));
  }
}

describe('finding snippets', () => {
  it('collapse whitespace and keep a short line whole', () => {
    assert.equal(findingSnippet('    let x =\t  v.unwrap();  ', 16), 'let x = v.unwrap();');
    assert.equal(findingSnippet('', 0), '');
  });

  it('cut a long line around the finding, marking the cuts', () => {
    const calls = Array.from({ length: 20 }, (_, i) => `unsafe { p${i}.read() }`).join('; ');
    const target = calls.indexOf('p13');
    const snippet = findingSnippet(`    ${calls}`, target + 4, 40);
    assert.ok(snippet.length <= 40, snippet);
    assert.ok(snippet.startsWith('…') && snippet.endsWith('…'), snippet);
    assert.ok(snippet.includes('p13.read()'), snippet);
    assert.ok(findingSnippet(calls, 0, 40).startsWith('unsafe { p0.read() }'));
    assert.ok(findingSnippet(calls, calls.length - 1, 40).endsWith('p19.read() }'));
  });

  it('tell a hundred unsafe blocks apart by their code', () => {
    const lines = Array.from({ length: 100 }, (_, i) => `    unsafe { *ptr.add(${i}) = ${i}; }`);
    const labels = new Set(
      lines.map((line, i) => findingLabel(finding('x', i, 4), line).replace(/^line \d+: /, '')),
    );
    assert.equal(labels.size, 100);
  });
});

describe('progress', () => {
  const ids = catalogLessonIds(tree);

  it('counts opened and understood lessons against the catalog', () => {
    let state = emptyProgress();
    assert.equal(
      progressLabel(summarizeProgress(state, ids)),
      `0 of ${ids.length} lessons opened, 0 understood, 0 self-checks answered right`,
    );
    state = withOpened(state, 'unwrap-used');
    state = withOpened(state, 'unwrap-used');
    state = withUnderstood(state, 'row-data-race');
    state = withOpened(state, 'lesson-that-was-removed');
    assert.deepEqual(state.opened, ['unwrap-used', 'row-data-race', 'lesson-that-was-removed']);
    assert.deepEqual(state.understood, ['row-data-race']);
    assert.deepEqual(summarizeProgress(state, ids), {
      opened: 2,
      understood: 1,
      selfChecked: 0,
      total: ids.length,
    });
    state = withSelfCheck(state, 'unwrap-used', false);
    assert.deepEqual(state.selfChecked, [], 'a wrong answer is not recorded');
    state = withSelfCheck(state, 'unwrap-used', true);
    state = withSelfCheck(state, 'unwrap-used', false);
    state = withSelfCheck(state, 'expect-used', true);
    assert.deepEqual(state.selfChecked, ['unwrap-used', 'expect-used'], 'a right answer stays');
    assert.ok(state.opened.includes('expect-used'), 'answering counts as opening');
    assert.equal(
      progressLabel(summarizeProgress(state, ids)),
      `3 of ${ids.length} lessons opened, 1 understood, 2 self-checks answered right`,
    );
    state = withUnderstood(state, 'row-data-race', false);
    assert.deepEqual(summarizeProgress(state, ids), {
      opened: 3,
      understood: 0,
      selfChecked: 2,
      total: ids.length,
    });
  });

  it('reads stored state leniently', () => {
    assert.deepEqual(parseProgress(undefined), emptyProgress());
    assert.deepEqual(parseProgress('garbage'), emptyProgress());
    assert.deepEqual(parseProgress({ opened: ['a', 'a', 7, '../x'], understood: ['b'] }), {
      version: 1,
      opened: ['a', 'b'],
      understood: ['b'],
      selfChecked: [],
    });
    assert.deepEqual(parseProgress({ opened: [], understood: [], selfChecked: ['c', null] }), {
      version: 1,
      opened: ['c'],
      understood: [],
      selfChecked: ['c'],
    });
  });

  it('persists, reloads and resets through the memento', async () => {
    const memento = new MapMemento();
    const store = new ProgressStore(memento);
    const seen: number[] = [];
    const listener = store.onDidChange((state) => seen.push(state.opened.length));
    await store.opened('unwrap-used');
    await store.opened('unwrap-used');
    await store.markUnderstood('expect-used');
    await store.answeredSelfCheck('unwrap-used', true);
    assert.deepEqual(seen, [1, 2, 2], 'repeats do not fire');
    assert.deepEqual(memento.get(PROGRESS_KEY), {
      version: 1,
      opened: ['unwrap-used', 'expect-used'],
      understood: ['expect-used'],
      selfChecked: ['unwrap-used'],
    });
    const reloaded = new ProgressStore(memento);
    assert.deepEqual(reloaded.state, store.state);
    assert.equal(reloaded.isUnderstood('expect-used'), true);
    assert.equal(reloaded.isOpened('unwrap-used'), true);
    await store.reset();
    assert.deepEqual(memento.get(PROGRESS_KEY), emptyProgress());
    assert.deepEqual(summarizeProgress(store.state, ids).opened, 0);
    listener.dispose();
    await store.opened('transmute');
    assert.deepEqual(seen, [1, 2, 2, 0]);
  });

  it('records lessons opened by the openLesson command once a store is installed', async () => {
    const store = new ProgressStore(new MapMemento());
    lessonOpened('unwrap-used'); // no store yet: ignored
    const installed = setProgressStore(store);
    lessonOpened('unwrap-used');
    await setLessonUnderstood('question-mark', true);
    assert.equal(isLessonUnderstood('question-mark'), true);
    await recordSelfCheck('question-mark', true);
    assert.equal(isSelfCheckPassed('question-mark'), true);
    assert.deepEqual(store.state.opened, ['unwrap-used', 'question-mark']);
    installed.dispose();
    lessonOpened('transmute');
    assert.equal(store.isOpened('transmute'), false);
    assert.equal(isLessonUnderstood('question-mark'), false);
    assert.equal(isSelfCheckPassed('question-mark'), false);
  });

  it('validates markUnderstood arguments against the catalog', () => {
    assert.deepEqual(parseMarkUnderstoodArgs({ lesson: 'row-data-race' }, ids), {
      lesson: 'row-data-race',
      understood: true,
    });
    assert.deepEqual(parseMarkUnderstoodArgs({ lesson: 'row-data-race', understood: false }, ids), {
      lesson: 'row-data-race',
      understood: false,
    });
    // The Lessons view passes its node, which has a `lesson` field too.
    const node = tree[1]?.children[0]?.children[0];
    assert.equal(parseMarkUnderstoodArgs(node, ids)?.lesson, node?.lesson);
    for (const bad of [undefined, 'row-data-race', {}, { lesson: 'nope' }, { lesson: '../x' }]) {
      assert.equal(parseMarkUnderstoodArgs(bad, ids), undefined, JSON.stringify(bad));
    }
    assert.equal(parseMarkUnderstoodArgs({ lesson: 'row-data-race', understood: 'yes' }, ids), undefined);
  });
});

describe('walkthrough sample', () => {
  it('has one unwrap() in a Result-returning fn, fixed with ?', async () => {
    const findings = await findingsIn(SAMPLE_SOURCE, {}, 'untitled:Untitled-1');
    assert.deepEqual(
      findings.map((f) => f.rule),
      ['unwrap-used'],
    );
    const [only] = findings;
    const line = SAMPLE_SOURCE.split('\n')[only?.range.start.line ?? -1] ?? '';
    assert.match(line, /\.unwrap\(\)/);
    const fix = only?.fixes.find((f) => f.applicability === 'safe');
    assert.ok(fix, 'a preferred fix');
    assert.ok(
      fix.edits.some((e) => e.newText === '?'),
      `fix edits: ${JSON.stringify(fix.edits)}`,
    );
  });
});

interface Command {
  command: string;
  title: string;
  category: string;
}

interface WalkthroughStep {
  id: string;
  title: string;
  description: string;
  media: { markdown?: string; image?: string };
  completionEvents: string[];
}

interface Manifest {
  contributes: {
    commands: Command[];
    menus: Record<string, Array<{ command: string; when?: string }>>;
    viewsContainers: { activitybar: Array<{ id: string; title: string; icon: string }> };
    views: Record<string, Array<{ id: string; name: string }>>;
    walkthroughs: Array<{ id: string; title: string; description: string; steps: WalkthroughStep[] }>;
  };
}

describe('manifest: sidebar and walkthrough', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Manifest;
  const { contributes } = manifest;
  const clientFiles = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      const file = path.join(dir, e.name);
      return e.isDirectory() ? clientFiles(file) : e.name.endsWith('.ts') ? [file] : [];
    });
  const clientSource = clientFiles(path.join(ROOT, 'src', 'client'))
    .map((f) => fs.readFileSync(f, 'utf8'))
    .join('\n');
  const registered = new Set(
    [...clientSource.matchAll(/registerCommand\(\s*['"`](rustSafetyCoach\.[\w.]+)['"`]/g)].map((m) => m[1]),
  );
  const contributed = new Set(contributes.commands.map((c) => c.command));
  const viewIds = (contributes.views.rustSafetyCoach ?? []).map((v) => v.id);

  /** A command a walkthrough may run: registered by the client, a view's focus command, or built in. */
  function runnable(command: string): boolean {
    if (registered.has(command)) return true;
    if (viewIds.some((id) => command === `${id}.focus`)) return true;
    return /^(workbench|editor)\.action(s)?\./.test(command);
  }

  it('adds an activity-bar container with a monochrome SVG icon', () => {
    const container = contributes.viewsContainers.activitybar.find((c) => c.id === 'rustSafetyCoach');
    assert.ok(container);
    const svg = fs.readFileSync(path.join(ROOT, container.icon), 'utf8');
    assert.match(container.icon, /^media\/.+\.svg$/);
    assert.match(svg, /^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.match(svg, /currentColor/);
    assert.doesNotMatch(svg, /#[0-9a-f]{3,6}\b|<script/i, 'no fixed colours or scripts');
  });

  it('declares the three views the sidebar creates', () => {
    assert.deepEqual(viewIds, [
      'rustSafetyCoach.findings',
      'rustSafetyCoach.lessons',
      'rustSafetyCoach.progress',
    ]);
    const created = [...clientSource.matchAll(/createTreeView\(\s*['"`]([\w.]+)['"`]/g)].map((m) => m[1]);
    assert.deepEqual([...created].sort(), [...viewIds].sort());
  });

  it('contributes and registers the sidebar and walkthrough commands', () => {
    for (const command of [
      'rustSafetyCoach.openSample',
      'rustSafetyCoach.showFinding',
      'rustSafetyCoach.markUnderstood',
      'rustSafetyCoach.resetProgress',
    ]) {
      assert.ok(contributed.has(command), `${command} not contributed`);
      assert.ok(registered.has(command), `${command} not registered`);
    }
    for (const [menu, entries] of Object.entries(contributes.menus)) {
      for (const entry of entries) {
        assert.ok(contributed.has(entry.command), `${menu}: ${entry.command}`);
        for (const [, view] of (entry.when ?? '').matchAll(/\bview == ([\w.]+)/g)) {
          assert.ok(view && viewIds.includes(view), `${menu}: unknown view ${view}`);
        }
      }
    }
    const hidden = (contributes.menus.commandPalette ?? [])
      .filter((e) => e.when === 'false')
      .map((e) => e.command);
    assert.ok(hidden.includes('rustSafetyCoach.showFinding'), 'showFinding needs a finding argument');
  });

  it('has the getting-started walkthrough with four steps whose files and commands exist', () => {
    const walkthrough = contributes.walkthroughs.find((w) => w.id === 'rustSafetyCoach.gettingStarted');
    assert.ok(walkthrough);
    assert.deepEqual(
      walkthrough.steps.map((s) => s.id),
      ['openSample', 'seeFinding', 'applyFix', 'readLesson'],
    );
    for (const step of walkthrough.steps) {
      assert.ok(step.title && step.description, step.id);
      const media = step.media.markdown ?? '';
      assert.ok(media.startsWith('media/walkthrough/'), `${step.id}: markdown media`);
      assert.ok(fs.existsSync(path.join(ROOT, media)), `${step.id}: ${media} missing`);
      assert.ok(step.completionEvents.length > 0, `${step.id}: no completion events`);
      for (const event of step.completionEvents) {
        const [kind, target = ''] = event.split(/:(.*)/s);
        if (kind === 'onCommand') assert.ok(runnable(target), `${step.id}: ${event}`);
        else if (kind === 'onView') assert.ok(viewIds.includes(target), `${step.id}: ${event}`);
        else assert.fail(`${step.id}: unexpected completion event ${event}`);
      }
      for (const [, command = '', query] of step.description.matchAll(
        /\(command:(?:toSide:)?([\w.]+)(?:\?([^)]*))?\)/g,
      )) {
        assert.ok(runnable(command), `${step.id}: links to ${command}`);
        if (command === 'rustSafetyCoach.openLesson') {
          const [args] = JSON.parse(decodeURIComponent(query ?? '')) as [{ lesson: string }];
          assert.ok(fs.existsSync(path.join(LESSONS_DIR, `${args.lesson}.md`)), `${step.id}: ${args.lesson}`);
        }
      }
    }
    assert.ok(walkthrough.steps[0]?.completionEvents.includes('onCommand:rustSafetyCoach.openSample'));
  });
});
