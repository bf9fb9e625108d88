// Context keys the client sets, named once: package.json's `when` clauses use the same strings (the
// manifest test checks). No `vscode` import.

/** True in a window with Rust: a `.rs` file in the workspace or a Rust document open. */
export const HAS_RUST_CONTEXT = 'rustSafetyCoach.hasRustFiles';
