// The lessons as a course (src/client/sidebar/course.ts): order, levels and the suggested next lesson.
// Run: node --import tsx --test test/course.test.ts
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { loadCatalog } from '../src/client/sidebar/catalogTree';
import { courseOrder, levelLabel, suggestNextLesson, type CourseLesson } from '../src/client/sidebar/course';

const LESSONS: CourseLesson[] = [
  { id: 'transmute', title: 'transmute', level: 'advanced', order: 9 },
  { id: 'zeta', title: 'Zeta (not placed yet)' },
  { id: 'unwrap-used', title: 'unwrap()', level: 'beginner', order: 3 },
  { id: 'alpha', title: 'Alpha (not placed yet)' },
  { id: 'question-mark', title: 'The ? operator', level: 'beginner', order: 4 },
  { id: 'expect-used', title: 'expect()', level: 'beginner', order: 1 },
];

const ids = (lessons: readonly CourseLesson[]) => lessons.map((l) => l.id);

describe('course', () => {
  it('orders by `order`, then lessons without one last by title', () => {
    assert.deepEqual(ids(courseOrder(LESSONS)), [
      'expect-used',
      'unwrap-used',
      'question-mark',
      'transmute',
      'alpha',
      'zeta',
    ]);
  });

  it('suggests the first lesson in course order that has findings and is not understood', () => {
    const course = courseOrder(LESSONS);
    const findings = new Map([
      ['transmute', 2],
      ['question-mark', 5],
      ['expect-used', 0],
    ]);
    assert.deepEqual(suggestNextLesson(course, { understood: new Set(), findings }), {
      lesson: course[2],
      reason: 'findings',
    });
    // Understood lessons are skipped even when they have findings.
    const next = suggestNextLesson(course, { understood: new Set(['question-mark']), findings });
    assert.equal(next?.lesson.id, 'transmute');
  });

  it('otherwise suggests the first lesson not understood, and nothing once all are', () => {
    const course = courseOrder(LESSONS);
    const none = new Map<string, number>();
    assert.deepEqual(suggestNextLesson(course, { understood: new Set(), findings: none }), {
      lesson: course[0],
      reason: 'next in course',
    });
    const some = suggestNextLesson(course, {
      understood: new Set(['expect-used', 'unwrap-used']),
      findings: none,
    });
    assert.equal(some?.lesson.id, 'question-mark');
    assert.equal(suggestNextLesson(course, { understood: new Set(ids(LESSONS)), findings: none }), undefined);
    assert.equal(suggestNextLesson([], { understood: new Set(), findings: none }), undefined);
  });

  it('labels levels', () => {
    assert.equal(levelLabel('intermediate'), 'Intermediate');
    assert.equal(levelLabel(undefined), undefined);
  });

  it('orders the real lessons: placed ones first, each placed one with a level', () => {
    const { lessons, errors } = loadCatalog(path.resolve(__dirname, '..', 'lessons'));
    assert.deepEqual(errors, []);
    const course = courseOrder(lessons.values());
    assert.equal(course.length, lessons.size);
    const placed = course.filter((l) => l.order !== undefined);
    assert.ok(
      placed.some((l) => l.id === 'unwrap-used'),
      'unwrap-used has an order',
    );
    assert.deepEqual(course.slice(0, placed.length), placed, 'lessons with an order come first');
    const orders = placed.map((l) => l.order ?? 0);
    assert.deepEqual(
      orders,
      [...orders].sort((a, b) => a - b),
    );
  });
});
