// What the fake rust-analyzer publishes: the test writes it to `.fake-rust-analyzer.json` in the
// workspace. Types only, shared by the test and the fake.

/** A help of the lint (rustc's child diagnostic). With `replacement`, rust-analyzer makes it a quick fix. */
export interface FakeHelp {
  message: string;
  replacement?: string;
  /** The text on the lint's line the help's span covers; the lint's span when absent. */
  match?: string;
}

export interface FakeDiagnostic {
  /** Workspace-relative path. */
  file: string;
  /** 1-based line, and the text on it the lint's primary span covers. */
  line: number;
  match: string;
  source: 'rustc' | 'clippy';
  /** The lint without its tool prefix, as rust-analyzer publishes it: `unwrap_used`, `static_mut_refs`. */
  code: string;
  message: string;
  helps?: FakeHelp[];
}

export interface FakeSpec {
  diagnostics: FakeDiagnostic[];
}

export const FAKE_SPEC_FILE = '.fake-rust-analyzer.json';
export const FAKE_EXTENSION_ID = 'rust-safety-coach-tests.fake-rust-analyzer';
