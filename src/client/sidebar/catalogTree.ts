// The "Lessons" view as plain data: both tables in order, each row with its lessons under it.
// No `vscode` import, so the tests build it from the real tables and lesson files.
import { parseLesson, type Lesson } from '../../shared/lessons/catalog';
import { TABLE_IDS, TABLES, type Table, type TableId, type TableRow } from '../../shared/lessons/tables';
import { lessonFileNames, readLessonFile } from '../../shared/lessons/lessonFiles';

/** What a lesson leaf needs; `Lesson` minus the body. */
export type LessonSummary = Pick<Lesson, 'id' | 'title' | 'rules' | 'table' | 'row' | 'level' | 'order'>;

export interface CatalogLessonNode {
  kind: 'lesson';
  /** Named `lesson` so that the node itself is a valid `{ lesson }` command argument. */
  lesson: string;
  label: string;
  /** False when no lesson file was found for it (a table row whose lesson is not written yet). */
  available: boolean;
}

export interface CatalogRowNode {
  kind: 'row';
  table: TableId;
  row: string;
  label: string;
  /** "Column: cell" per column, for the tooltip. */
  details: string[];
  children: CatalogLessonNode[];
}

export interface CatalogTableNode {
  kind: 'table';
  table: TableId;
  label: string;
  children: CatalogRowNode[];
}

export type CatalogNode = CatalogTableNode | CatalogRowNode | CatalogLessonNode;

export interface LoadedCatalog {
  lessons: Map<string, LessonSummary>;
  /** One message per lesson file that could not be read or parsed; the other lessons still load. */
  errors: string[];
}

/**
 * Reads every `*.md` in `dir`, like `loadLessons`, but a broken or missing file costs only that
 * lesson: lessons are being written while the extension runs in development.
 */
export function loadCatalog(dir: string): LoadedCatalog {
  const lessons = new Map<string, LessonSummary>();
  const errors: string[] = [];
  let names: string[];
  try {
    names = lessonFileNames(dir)
      .filter((name) => name.endsWith('.md'))
      .sort();
  } catch (error) {
    return { lessons, errors: [`${dir}: ${String(error)}`] };
  }
  for (const name of names) {
    try {
      const { file, text } = readLessonFile(dir, name);
      const { id, title, rules, table, row, level, order } = parseLesson(
        name.slice(0, -'.md'.length),
        text,
        file,
      );
      lessons.set(id, { id, title, rules, table, row, level, order });
    } catch (error) {
      errors.push(error instanceof Error ? error.message : String(error));
    }
  }
  return { lessons, errors };
}

/** A table cell as plain text: the Markdown backticks of its code spans removed. */
export function plainCell(cell: string): string {
  return cell.replace(/`([^`]*)`/g, '$1');
}

/**
 * The lessons of one row: the row's own lesson first, then the lessons of the rules the row lesson
 * lists (in its order), then any other lesson of the row by id.
 */
function rowLessons(row: TableRow, lessons: readonly LessonSummary[]): CatalogLessonNode[] {
  const own = lessons.filter((l) => l.id !== row.lesson);
  const rowLesson = lessons.find((l) => l.id === row.lesson);
  const ordered: LessonSummary[] = [];
  for (const rule of rowLesson?.rules ?? []) {
    for (const lesson of own) {
      if (lesson.rules.includes(rule) && !ordered.includes(lesson)) ordered.push(lesson);
    }
  }
  ordered.push(...own.filter((l) => !ordered.includes(l)).sort((a, b) => a.id.localeCompare(b.id)));
  return [
    {
      kind: 'lesson',
      lesson: row.lesson,
      label: rowLesson?.title ?? plainCell(row.cells[0] ?? row.id),
      available: rowLesson !== undefined,
    },
    ...ordered.map((l): CatalogLessonNode => ({
      kind: 'lesson',
      lesson: l.id,
      label: l.title,
      available: true,
    })),
  ];
}

function rowNode(table: Table, row: TableRow, lessons: readonly LessonSummary[]): CatalogRowNode {
  return {
    kind: 'row',
    table: table.id,
    row: row.id,
    label: plainCell(row.cells[0] ?? row.id),
    details: table.columns.map((column, i) => `${column}: ${plainCell(row.cells[i] ?? '')}`),
    children: rowLessons(
      row,
      lessons.filter((l) => l.table === table.id && l.row === row.id),
    ),
  };
}

/** Both tables in `TABLE_IDS` order, every row in table order, whether or not its lessons exist. */
export function buildCatalogTree(
  lessons: ReadonlyMap<string, LessonSummary>,
  tables: Readonly<Record<TableId, Table>> = TABLES,
): CatalogTableNode[] {
  const all = [...lessons.values()];
  return TABLE_IDS.map((id) => {
    const table = tables[id];
    return {
      kind: 'table',
      table: id,
      label: table.title,
      children: table.rows.map((row) => rowNode(table, row, all)),
    };
  });
}

/** Every lesson id in the tree, each once, in tree order: the "M" of "N of M lessons opened". */
export function catalogLessonIds(tree: readonly CatalogTableNode[]): string[] {
  const ids = tree.flatMap((table) => table.children.flatMap((row) => row.children.map((l) => l.lesson)));
  return [...new Set(ids)];
}

/** The title to show for a lesson id: its file's title, else its table row's label, else the id. */
export function lessonTitle(tree: readonly CatalogTableNode[], lesson: string): string {
  for (const table of tree) {
    for (const row of table.children) {
      const node = row.children.find((l) => l.lesson === lesson);
      if (node) return node.label;
    }
  }
  return lesson;
}
