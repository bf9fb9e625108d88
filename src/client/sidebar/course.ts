// The lessons as a course: ordered by their `order` front matter (lessons without one last, by
// title), and the lesson to suggest next from the learner's progress and the workspace's findings.
// Pure functions, no `vscode` import.
import type { LessonLevel } from '../../shared/lessons/catalog';

export interface CourseLesson {
  id: string;
  title: string;
  level?: LessonLevel;
  order?: number;
}

export interface NextLessonInput {
  /** Lessons the learner marked understood. */
  understood: ReadonlySet<string>;
  /** How many findings each lesson has in the workspace (open documents); absent means none. */
  findings: ReadonlyMap<string, number>;
}

export interface NextLesson {
  lesson: CourseLesson;
  /** Why this one, in a few words for the sidebar. */
  reason: 'findings' | 'next in course';
}

/** The course order: by `order`, then lessons without one by title (then id, so it is stable). */
export function courseOrder<L extends CourseLesson>(lessons: Iterable<L>): L[] {
  return [...lessons].sort((a, b) => {
    if (a.order !== undefined && b.order !== undefined && a.order !== b.order) return a.order - b.order;
    if (a.order !== undefined && b.order === undefined) return -1;
    if (a.order === undefined && b.order !== undefined) return 1;
    return a.title.localeCompare(b.title) || a.id.localeCompare(b.id);
  });
}

/**
 * The first lesson in course order that the learner's own code has findings for and that is not
 * understood; else the first not understood; none when every lesson is understood.
 */
export function suggestNextLesson<L extends CourseLesson>(
  course: readonly L[],
  { understood, findings }: NextLessonInput,
): { lesson: L; reason: NextLesson['reason'] } | undefined {
  const open = course.filter((lesson) => !understood.has(lesson.id));
  const withFindings = open.find((lesson) => (findings.get(lesson.id) ?? 0) > 0);
  if (withFindings) return { lesson: withFindings, reason: 'findings' };
  const first = open[0];
  return first ? { lesson: first, reason: 'next in course' } : undefined;
}

const LEVEL_LABELS: Record<LessonLevel, string> = {
  beginner: 'Beginner',
  intermediate: 'Intermediate',
  advanced: 'Advanced',
};

export function levelLabel(level: LessonLevel | undefined): string | undefined {
  return level ? LEVEL_LABELS[level] : undefined;
}
