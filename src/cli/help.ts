export const MAIN_HELP = `Usage: rust-safety-coach <command> [options]

Teaches Rust's safety model: finds unwrap, expect, undocumented unsafe and Option
patterns, explains them and fixes them.

Commands:
  scan [PATH...]   Report findings in .rs files (default: the current folder)
  rules            List the rules
  explain [FILE]   Explain the panics in a program's output (stdin, or FILE)
  lsp --stdio      Start the language server over stdin/stdout

Options:
  -h, --help       Show help (also: rust-safety-coach <command> --help)
  -V, --version    Show the version
`;

export const SCAN_HELP = `Usage: rust-safety-coach scan [options] [PATH...]

Scans .rs files under each PATH (default: .). Folders named target and hidden folders
(.git, ...) are skipped; a file named explicitly is always scanned. Output is sorted by path.

Options:
  --format FORMAT      text (default), json or sarif (SARIF 2.1.0, for code scanning)
  --fix                Apply the preferred fix of each finding in place, then report what is left
  --verify             With --fix: keep only fixes that cargo check accepts (see below)
  --rule ID            Run only this rule, even one that is off by default (repeatable)
  --include-tests      Also report test code (#[test], #[cfg(test)], tests/ and benches/)
  --fail-on-findings   Exit with 1 when anything is found
  -j, --jobs N         Analyse on N threads (default: the number of CPUs; small scans use one)
  --no-cache           Analyse every file again instead of reusing the findings of unchanged files
  -h, --help           Show this help

Text output is path:line:col: severity[rule] message, with 1-based lines and columns,
each followed by an indented "= help: advice" line (JSON has "advice"; SARIF puts it
on the message's second line); control characters in names and messages are escaped (\\n, \\u{1b}), and a name that is
not UTF-8 is shown with U+FFFD. JSON positions are 0-based lines and UTF-16 columns, as in
LSP; the JSON report has one finding per line and is ASCII (other characters are \\u
escapes). A finding in a file whose name is not UTF-8 also has "fileUri", the exact name
as a file: URI (lat%E9.rs); SARIF URIs name such files exactly too.

--fix writes a file only if its real path lies under the real path of a PATH: links are
read wherever they lead, but a file reached through a link out of the tree is reported,
not written. A link inside the tree is written through (the target changes, the link
stays). Files you may not write, or with no write permission at all (even as root), and
files with a hard link among files not scanned, are skipped with a warning. A fixed file
keeps its mode, owner and group; one with several hard links is rewritten in place.

Findings of unchanged files are cached, keyed by file content, rule set and engine, in
$RUST_SAFETY_COACH_CACHE_DIR, else $XDG_CACHE_HOME/rust-safety-coach (~/.cache/...).
--fix never uses the cache and runs on one thread.

--fix --verify runs cargo check (as is, with your cargo config and target dir) in each fixed
file's package (nearest Cargo.toml) before and after writing the fixes, and puts back, byte for
byte, every file with a compile error that was not there before (an error in a file without
fixes puts back all of its package's fixes). Plain cargo check compiles the lib and bin targets
only, so fixes in files it does not compile (tests/, examples/) are kept unchecked. Files whose
package cannot be checked (cargo not on PATH, no Cargo.toml, cargo failing before it compiles)
are left unchanged, with a "cannot verify" error and exit code 2.

Files that cannot be read, are not valid UTF-8, contain NUL bytes or are larger than
5 MB are skipped with a warning on stderr; the warning does not change the exit code
unless no file at all could be scanned.

Exit codes:
  0  success (findings or not, without --fail-on-findings)
  1  findings were reported and --fail-on-findings was given
  2  usage error, a PATH that does not exist (the other PATHs are still scanned),
     no file could be scanned,
     or a --fix could not be written (the file changed on disk, or a write failed;
     files skipped with a warning, as above, do not count)
     or checked (--verify); fixes put back because they did not compile do not count
`;

export const RULES_HELP = `Usage: rust-safety-coach rules [--format text|json]

Lists each rule's id, default severity, whether it is on by default, its lesson and summary.
`;

export const LSP_HELP = `Usage: rust-safety-coach lsp --stdio

Starts the Rust Safety Coach language server, speaking LSP over stdin and stdout.
`;

export const EXPLAIN_HELP = `Usage: cargo run 2>&1 | rust-safety-coach explain [--format text|json]
       rust-safety-coach explain [options] FILE

Reads a Rust program's output (stdin, or FILE; - is stdin) and explains each panic in it:
where it happened in your code, the lesson that teaches it, and what to do about it.
Panics are the lines std prints, "thread 'main' (…) panicked at src/main.rs:12:5:" and the
message after it; anything else in the output is ignored. Use 2>&1: panics go to stderr.

A panic inside the standard library (a swap_remove, a with_capacity) is placed on your line
when the output has a backtrace (RUST_BACKTRACE=1 or full). The file at the location is read,
relative to the current folder as cargo prints it (src\\main.rs also as src/main.rs), to tell an
expect() or a panic!() from its message; a file that is not there is skipped.

Options:
  --format FORMAT   text (default) or json
  -h, --help        Show this help

JSON: {"version":1,"panics":[{"message","location":{"file","line","column"},"lesson"}]},
1-based line and column as printed, lesson a lesson id or null when none fits.

Exit codes: 0 (with or without panics), 2 for a usage error or a FILE that cannot be read.
`;
