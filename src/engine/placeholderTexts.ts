// The texts our fixes write for the learner to replace. Fixes mark them as placeholders (editors
// select them after applying), and expect-used still reports an `expect` left holding one.

export const EXPECT_PLACEHOLDER = 'explain why this cannot fail';
export const OK_OR_PLACEHOLDER = 'value was missing';
