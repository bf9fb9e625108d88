// The std panics a learner meets, as data: the messages that identify each one (as Rust 1.95
// prints them, collected from real runs; see test/fixtures/panics), the lesson that teaches it
// and a one-paragraph summary. `lesson: null` is honest: the coach has no lesson for it yet.

export interface PanicKind {
  id: string;
  /** A lesson id from `lessons/`, or null when no lesson fits. */
  lesson: string | null;
  summary: string;
  /**
   * First-line patterns of the panic message. Empty for kinds that only the source at the panic's
   * location or the backtrace identify (an `expect` prints the caller's own message).
   */
  messages: RegExp[];
}

const UNWRAP_REMEDY =
  'Return the failure to the caller with `?`, or handle it where you are with `match`, `if let` or a default such as `unwrap_or`.';

/** In match order: the first kind with a matching message wins, so specific ones come first. */
export const PANIC_KINDS: readonly PanicKind[] = [
  {
    id: 'poisoned-lock',
    lesson: 'unwrap-used',
    summary:
      'A `lock().unwrap()` found the lock poisoned: another thread panicked while it held the lock, and this unwrap passed that panic on. Look for the first panic in the output; that is the real cause.',
    messages: [/^called `Result::unwrap\(\)` on an `Err` value: PoisonError\b/],
  },
  {
    id: 'joined-panicked-thread',
    lesson: 'unwrap-used',
    summary:
      "A `join().unwrap()` passed on the panic of the thread it waited for (its error, `Any { .. }`, is that panic). Look for the thread's own panic earlier in the output; that is the real cause.",
    messages: [/^called `Result::unwrap\(\)` on an `Err` value: Any \{ \.\. \}/],
  },
  {
    id: 'option-unwrap',
    lesson: 'unwrap-used',
    summary: `\`unwrap()\` was called on an \`Option\` that was \`None\`, so the program stopped instead of carrying on without a value. ${UNWRAP_REMEDY}`,
    messages: [/^called `Option::unwrap\(\)` on a `None` value/],
  },
  {
    id: 'result-unwrap',
    lesson: 'unwrap-used',
    summary: `\`unwrap()\` was called on a \`Result\` that was an \`Err\`; the text after "value:" is that error. ${UNWRAP_REMEDY}`,
    messages: [
      /^called `Result::unwrap\(\)` on an `Err` value/,
      /^called `Result::unwrap_err\(\)` on an `Ok` value/,
      /^called `Option::unwrap_unchecked\(\)` on a `None` value/,
    ],
  },
  {
    id: 'unwrap-failed',
    lesson: 'unwrap-used',
    summary: `\`unwrap()\` was called on a \`None\` or an \`Err\`, so the program stopped instead of carrying on without a value. ${UNWRAP_REMEDY}`,
    messages: [],
  },
  {
    id: 'expect-failed',
    lesson: 'expect-used',
    summary:
      '`expect("…")` was called on a `None` or an `Err`; its message is the text you wrote (for a `Result`, followed by the error). `expect` documents an invariant, and here the invariant did not hold: if it can fail on real input, handle the failure instead.',
    messages: [],
  },
  {
    id: 'index-out-of-bounds',
    lesson: 'indexing-may-panic',
    summary:
      'An index `v[i]` was past the end of a slice, array or `Vec`. Rust checked it and panicked instead of reading other memory. Use `v.get(i)`, which returns an `Option`, when the index may be out of range.',
    messages: [/^index out of bounds: the len is \d+ but the index is \d+/],
  },
  {
    id: 'range-out-of-bounds',
    lesson: 'indexing-may-panic',
    summary:
      'A range `v[a..b]` (or a method that takes one, such as `drain`, `split_at` or `copy_from_slice`) did not fit the slice. Check the bounds first, or use `v.get(a..b)`, which returns an `Option`.',
    messages: [
      /^range (?:start|end) index \d+ out of range for slice of length \d+/,
      /^slice index starts at \d+ but ends at \d+/,
      /^range end index \d+ out of range for slice of length \d+/,
      /^attempted to index slice (?:from|up to) after maximum usize/,
      /^mid > len$/,
      /^(?:removal|insertion|swap_remove) index \(is \d+\) should be <=? len \(is \d+\)/,
    ],
  },
  {
    id: 'str-index',
    lesson: 'indexing-may-panic',
    summary:
      'A string slice `&s[a..b]` used a byte offset that is outside the string or inside a multi-byte character. `String` indices are byte offsets into UTF-8; use `s.get(a..b)`, `char_indices()` or `chars()` instead of guessing offsets.',
    messages: [
      /^(?:start |end )?byte index \d+ is not a char boundary/,
      /^(?:start |end )?byte index \d+ is out of bounds of `/,
      /^begin <= end \(\d+ <= \d+\) when slicing `/,
    ],
  },
  {
    id: 'missing-map-key',
    lesson: 'indexing-may-panic',
    summary:
      '`map[key]` on a `HashMap` or `BTreeMap` panics when the key is missing. Use `map.get(&key)`, which returns an `Option`, or the `entry` API to insert a default.',
    messages: [/^no entry found for key$/],
  },
  {
    id: 'division-by-zero',
    lesson: 'division-by-zero',
    summary:
      'An integer was divided by zero (`/` or `%`). Rust checks this in every build, debug and release, and panics. Check the divisor first, or use `checked_div` / `checked_rem`, which return `None` for zero.',
    messages: [/^attempt to divide by zero$/, /^attempt to calculate the remainder with a divisor of zero$/],
  },
  {
    // Before `integer-overflow`: unlike `+` or `*`, these are checked in release builds too.
    id: 'division-overflow',
    lesson: 'division-by-zero',
    summary:
      'A signed division or remainder overflowed: `MIN / -1` (or `MIN % -1`) for a type such as `i32`, whose answer does not fit. Like division by zero, Rust checks this in every build, debug and release, and panics. Use `checked_div` / `checked_rem`, which return `None` here, or `wrapping_div` if wrapping is what you mean.',
    messages: [/^attempt to (?:divide|calculate the remainder) with overflow$/],
  },
  {
    id: 'integer-overflow',
    lesson: 'row-integer-overflow',
    summary:
      'An integer operation overflowed its type. Debug builds check arithmetic and panic; release builds wrap silently unless `overflow-checks` is on. Say what you want with `checked_*`, `saturating_*` or `wrapping_*`.',
    messages: [
      /^attempt to (?:add|subtract|multiply|negate|shift left|shift right) with overflow$/,
      /^overflow when (?:adding|subtracting|multiplying|dividing) durations?$/,
    ],
  },
  {
    id: 'refcell-borrow',
    lesson: 'refcell-borrow',
    summary:
      'A `RefCell` was borrowed while a conflicting borrow was still alive: `borrow_mut()` while a `borrow()` (or another `borrow_mut()`) was held, or `borrow()` during a `borrow_mut()`. `RefCell` checks the borrow rules at run time and panics where the compiler would have refused. Drop the first borrow sooner, or use `try_borrow_mut()`.',
    messages: [
      /^RefCell already (?:mutably )?borrowed$/,
      /^already (?:mutably )?borrowed: Borrow(?:Mut)?Error/,
    ],
  },
  {
    id: 'capacity-overflow',
    lesson: null,
    summary:
      'A collection was asked for more memory than can exist (its size in bytes overflows `usize`), usually from a length computed wrongly. Check the size before `with_capacity`, `reserve` or `repeat`.',
    messages: [/^capacity overflow$/],
  },
  {
    id: 'assertion-failed',
    lesson: null,
    summary:
      'An `assert!`, `assert_eq!` or `assert_ne!` failed: the condition the code states as always true was false here. The lines after the message show the two values. Fix the cause, or return an error if bad input can reach it.',
    messages: [/^assertion failed: /, /^assertion `left [=!]= right` failed/],
  },
  {
    id: 'unreachable',
    lesson: null,
    summary:
      "Code marked `unreachable!()` was reached, so an assumption about the program's states was wrong. Find how it got there; if it can happen, handle that case.",
    messages: [/^internal error: entered unreachable code/],
  },
  {
    id: 'not-implemented',
    lesson: null,
    summary:
      'A `todo!()` or `unimplemented!()` was reached: that code is not written yet. Write it, or make the caller avoid that path.',
    messages: [/^not yet implemented/, /^not implemented/],
  },
  {
    id: 'explicit-panic',
    lesson: null,
    summary:
      'The code called `panic!` itself (the message, if any, is its own). Consider returning a `Result` if a caller could recover from this.',
    messages: [/^explicit panic$/],
  },
];

/** The kind a panic message names, from its first line; undefined for a message std does not print. */
export function kindOfMessage(message: string): PanicKind | undefined {
  const first = message.split('\n', 1)[0] ?? '';
  return PANIC_KINDS.find((kind) => kind.messages.some((pattern) => pattern.test(first)));
}

export function panicKind(id: string): PanicKind | undefined {
  return PANIC_KINDS.find((kind) => kind.id === id);
}
