// The two reference tables that lessons hang off, as data, so that the webview can render them and
// highlight the row a finding belongs to. Pure TypeScript: the engine, server, CLI and webview import it.
//
// The cells are corrected against current stable Rust (1.95) where the source material was loose:
// safe Rust does not reject out-of-bounds indexing at compile time (it panics), integer overflow wraps
// in release builds, C++ signed overflow is undefined (not implementation-defined), and a `no_std`
// binary without a `#[panic_handler]` fails to build rather than behaving in some undefined way.

export type TableId = 'failure-modes' | 'bug-classes';

export const TABLE_IDS: readonly TableId[] = ['failure-modes', 'bug-classes'];

/** Points at one row of one table, e.g. `{ table: 'bug-classes', row: 'data-race' }`. */
export interface TableRef {
  table: TableId;
  row: string;
}

export interface TableRow {
  /** Stable id, unique within its table. */
  id: string;
  /** One cell per column, in column order. Cells may contain inline `code` spans (Markdown backticks). */
  cells: string[];
  /** The lesson that explains this row: always `row-<id>`. */
  lesson: string;
}

export interface Table {
  id: TableId;
  title: string;
  columns: string[];
  rows: TableRow[];
}

export const FAILURE_MODES: Table = {
  id: 'failure-modes',
  title: 'Failure modes',
  columns: ['Rust design choice', 'Failure mode', 'Mitigation'],
  rows: [
    {
      id: 'panic-no-std',
      cells: [
        '`panic!` in `no_std`',
        'No default handler: a `no_std` binary fails to build until one `#[panic_handler]` is defined',
        'Define exactly one `#[panic_handler]` (or link a crate that provides one, e.g. `panic-halt`)',
      ],
      lesson: 'row-panic-no-std',
    },
    {
      id: 'unwrap-none-err',
      cells: [
        '`unwrap()` on `None`/`Err`',
        'Panic: unwinds and ends the thread (the whole process if it is `main` or `panic = "abort"`)',
        'Use the `?` operator, `if let`, `match`, `unwrap_or`; `expect("why")` for real invariants',
      ],
      lesson: 'row-unwrap-none-err',
    },
    {
      id: 'unsafe-soundness',
      cells: [
        '`unsafe` soundness bug',
        'Undefined behavior, which can surface far away, even in safe code that uses the unsafe API',
        'Minimal `unsafe` behind safe APIs, `// SAFETY:` comments, Miri, careful review',
      ],
      lesson: 'row-unsafe-soundness',
    },
    {
      id: 'async-starvation',
      cells: [
        'Async task starvation',
        'A task that blocks (or runs long without reaching `.await`) stalls its executor thread and the tasks on it',
        '`spawn_blocking` or a thread for blocking work, async I/O and timers, `yield_now().await` in long loops',
      ],
      lesson: 'row-async-starvation',
    },
    {
      id: 'compilation-time',
      cells: [
        'Compilation time',
        'Large projects are slow to build (no cost at run time)',
        '`cargo check`, incremental builds (on by default in dev), splitting into crates, less monomorphization',
      ],
      lesson: 'row-compilation-time',
    },
  ],
};

export const BUG_CLASSES: Table = {
  id: 'bug-classes',
  title: 'Bug classes',
  columns: ['Bug class', 'C', 'C++ (with care)', 'Rust (safe)'],
  rows: [
    {
      id: 'buffer-overflow',
      cells: [
        'Buffer overflow',
        'Undefined behavior (no bounds checks)',
        'UB with `[]`; `at()` throws `std::out_of_range`',
        'Bounds-checked: panic at run time (`get()` returns Option)',
      ],
      lesson: 'row-buffer-overflow',
    },
    {
      id: 'use-after-free',
      cells: [
        'Use-after-free',
        'Undefined behavior',
        'UB; RAII and smart pointers make it rarer',
        'Compile error (borrow checker)',
      ],
      lesson: 'row-use-after-free',
    },
    {
      id: 'double-free',
      cells: [
        'Double-free',
        'Undefined behavior',
        'UB; `unique_ptr` makes it rarer',
        'Compile error (use of moved value)',
      ],
      lesson: 'row-double-free',
    },
    {
      id: 'null-dereference',
      cells: [
        'Null dereference',
        'Undefined behavior (often a segfault)',
        'UB; references cannot be null, pointers can',
        'No null references: Option',
      ],
      lesson: 'row-null-dereference',
    },
    {
      id: 'data-race',
      cells: [
        'Data race',
        'Undefined behavior (C11 memory model)',
        'UB; `std::atomic` and `std::mutex` are opt-in',
        'Compile error (`Send`/`Sync` checks)',
      ],
      lesson: 'row-data-race',
    },
    {
      id: 'integer-overflow',
      cells: [
        'Integer overflow',
        'Signed: UB; unsigned: wraps',
        'Signed: UB; unsigned: wraps',
        'Panics in debug builds, wraps in release (unless overflow-checks)',
      ],
      lesson: 'row-integer-overflow',
    },
    {
      id: 'uninitialized-memory',
      cells: [
        'Uninitialized memory',
        'Indeterminate value; reading it is UB in most cases',
        'UB to read (C++26: erroneous behavior for locals)',
        'Compile error (use before init is rejected)',
      ],
      lesson: 'row-uninitialized-memory',
    },
  ],
};

export const TABLES: Record<TableId, Table> = {
  'failure-modes': FAILURE_MODES,
  'bug-classes': BUG_CLASSES,
};

export function isTableId(value: string): value is TableId {
  return (TABLE_IDS as readonly string[]).includes(value);
}

/** The row a reference points at, or `undefined` if the table has no such row. */
export function findRow(ref: TableRef): TableRow | undefined {
  return TABLES[ref.table].rows.find((row) => row.id === ref.row);
}
