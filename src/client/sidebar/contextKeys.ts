// Context keys the client sets, named once: package.json's `when` clauses use the same strings (the
// manifest test checks). No `vscode` import.

/** True in a window with Rust: a `.rs` file in the workspace or a Rust document open. */
export const HAS_RUST_CONTEXT = 'rustSafetyCoach.hasRustFiles';

/** What the Findings view lists, `workspace` or `file`: its title shows the button for the other. */
export const FINDINGS_SCOPE_CONTEXT = 'rustSafetyCoach.findingsScope';
