// The crate index keys each file as the engine names it (crate-relative), so a fixed file's live
// items replace its indexed copy instead of doubling it: a method declared in the same file stays
// unambiguous, in the built CLI's `--fix` and in the built server once its index is ready.
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, test } from 'node:test';
import type { CodeAction, Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver';
import type { DiagnosticData } from '../src/shared/protocol';
import { packageNameIn } from '../src/shared/crateRoot';
import { REPO_ROOT } from './support/engine';
import { LspClient } from './support/lspClient';
import { initialize } from './support/reliability';
import { tempDirs } from './support/tempDirs';

const tempDir = tempDirs('rsc-crate-index-');
const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const BOOK = `pub struct Book {
    pages: Vec<String>,
}

impl Book {
    pub fn page(&self, n: usize) -> Option<&String> {
        self.pages.get(n)
    }

    pub fn first_len(&self) -> Option<usize> {
        let first = self.page(0).unwrap();
        Some(first.len())
    }
}
`;

/** The quick fix the server prefers for a diagnostic (the one fix-all would apply). */
async function preferredFix(client: LspClient, uri: string, diagnostic: Diagnostic): Promise<CodeAction> {
  const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri },
    range: diagnostic.range,
    context: { diagnostics: [diagnostic], only: ['quickfix'] },
  });
  const preferred = actions.find((a) => a.isPreferred);
  assert.ok(preferred, `no preferred fix: ${actions.map((a) => a.title).join(', ')}`);
  return preferred;
}

function crate(): string {
  const root = tempDir();
  fs.mkdirSync(path.join(root, 'src'));
  fs.writeFileSync(path.join(root, 'Cargo.toml'), '[package]\nname = "book"\nversion = "0.1.0"\n');
  fs.writeFileSync(path.join(root, 'src', 'lib.rs'), 'pub mod book;\n');
  fs.writeFileSync(path.join(root, 'src', 'book.rs'), BOOK);
  return root;
}

describe("a file's own items with the crate index", () => {
  test('scan --fix applies the `?` on a method the same file declares', () => {
    const root = crate();
    const run = spawnSync(process.execPath, [CLI, 'scan', '--fix', '.'], { cwd: root, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /Applied 1 fix in 1 file\./);
    assert.equal(
      fs.readFileSync(path.join(root, 'src', 'book.rs'), 'utf8'),
      BOOK.replace('self.page(0).unwrap()', 'self.page(0)?'),
    );
  });

  describe('the server', () => {
    const client = LspClient.spawn(process.execPath, ['dist/server.js', '--stdio'], REPO_ROOT);
    after(() => client.kill());

    test('offers that `?` as the preferred fix once the index is built', async () => {
      await initialize(client);
      const root = crate();
      const uri = pathToFileURL(path.join(root, 'src', 'book.rs')).href;
      // Until the crate's index is built, its other files could change the fix (a suggestion);
      // the analysis made once it is ready publishes the fix as safe.
      const safe = (d: Diagnostic) =>
        (d.data as DiagnosticData | undefined)?.fixes.some((f) => f.applicability === 'safe') === true;
      const indexed = client.waitFor<PublishDiagnosticsParams>(
        'textDocument/publishDiagnostics',
        (p) => p.uri === uri && p.diagnostics.some(safe),
        20_000,
      );
      client.notify('textDocument/didOpen', {
        textDocument: { uri, languageId: 'rust', version: 1, text: BOOK },
      });
      const diagnostic = (await indexed).diagnostics.find(safe);
      assert.ok(diagnostic);
      assert.match((await preferredFix(client, uri, diagnostic)).title, /`\?`/);
    });
  });
});

/** A crate `name` with no sources yet; its root. */
function crateNamed(name: string): string {
  const root = tempDir();
  fs.mkdirSync(path.join(root, 'src'));
  fs.writeFileSync(path.join(root, 'Cargo.toml'), `[package]\nname = "${name}"\nversion = "0.1.0"\n`);
  return root;
}

/** Writes `src/<file>` of a crate, making its folders. */
function writeSource(root: string, file: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(root, 'src', file)), { recursive: true });
  fs.writeFileSync(path.join(root, 'src', file), text);
}

/** The built CLI's `scan --fix` over a crate, which must succeed. */
function fixCrate(root: string): SpawnSyncReturns<string> {
  const run = spawnSync(process.execPath, [CLI, 'scan', '--fix', '.'], { cwd: root, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  return run;
}

describe('a call through nested modules', () => {
  test('scan --fix follows days::day01::part1 to its file and its Result alias', () => {
    const root = crateNamed('aoc');
    const alias = 'pub type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;\n';
    writeSource(root, 'util.rs', alias);
    writeSource(root, 'days/mod.rs', 'pub mod day01;\n');
    writeSource(
      root,
      'days/day01.rs',
      'use crate::util::Result;\npub fn part1(input: &str) -> Result<usize> {\n    Ok(input.len())\n}\n',
    );
    const main = [
      'mod days;',
      'mod util;',
      'use util::Result;',
      'fn main() -> Result<()> {',
      '    println!("{}", days::day01::part1("ab").unwrap());',
      '    Ok(())',
      '}',
      '',
    ].join('\n');
    writeSource(root, 'main.rs', main);
    fixCrate(root);
    assert.equal(
      fs.readFileSync(path.join(root, 'src', 'main.rs'), 'utf8'),
      main.replace('part1("ab").unwrap()', 'part1("ab")?'),
    );
  });
});

describe('two modules declaring the same type name', () => {
  test("scan --fix converts into each module's own Error through its own From impl", () => {
    const root = crateNamed('two');
    const module = (from: string, variant: string, body: string) =>
      `#[derive(Debug)]\npub enum Error {\n    ${variant}(${from}),\n}\n` +
      `impl From<${from}> for Error {\n    fn from(e: ${from}) -> Self {\n        Error::${variant}(e)\n    }\n}\n${body}`;
    const config = module(
      'std::io::Error',
      'Io',
      'pub fn load(path: &str) -> Result<String, Error> {\n    let text = std::fs::read_to_string(path).unwrap();\n    Ok(text)\n}\n',
    );
    const parse = module(
      'std::num::ParseIntError',
      'Int',
      'pub fn size(s: &str) -> Result<u64, Error> {\n    let n = s.trim().parse::<u64>().unwrap();\n    Ok(n)\n}\n',
    );
    // `parse::size` fails with parse's Error, which does not convert into config's: no `?` there.
    const main = [
      'mod config;',
      'mod parse;',
      'fn main() -> Result<(), config::Error> {',
      '    let text = config::load("Cargo.toml").unwrap();',
      '    let n = parse::size("3").unwrap();',
      '    println!("{} {}", text.len(), n);',
      '    Ok(())',
      '}',
      '',
    ].join('\n');
    writeSource(root, 'config.rs', config);
    writeSource(root, 'parse.rs', parse);
    writeSource(root, 'main.rs', main);
    fixCrate(root);
    const read = (name: string) => fs.readFileSync(path.join(root, 'src', name), 'utf8');
    assert.equal(read('config.rs'), config.replace('read_to_string(path).unwrap()', 'read_to_string(path)?'));
    assert.equal(read('parse.rs'), parse.replace('parse::<u64>().unwrap()', 'parse::<u64>()?'));
    assert.equal(read('main.rs'), main.replace('load("Cargo.toml").unwrap()', 'load("Cargo.toml")?'));
  });
});

describe('an inherent fn in another file', () => {
  test('Id::from_str is the inherent fn of lenient.rs, not FromStr::from_str: no `?`', () => {
    const root = crateNamed('ids');
    writeSource(
      root,
      'lenient.rs',
      'impl crate::Id {\n    pub fn from_str(s: &str) -> Option<crate::Id> {\n        s.trim().parse().ok().map(crate::Id)\n    }\n}\n',
    );
    const main = [
      'use std::num::ParseIntError;',
      'use std::str::FromStr;',
      'mod lenient;',
      'pub struct Id(pub u32);',
      'impl FromStr for Id {',
      '    type Err = ParseIntError;',
      '    fn from_str(s: &str) -> Result<Id, ParseIntError> {',
      '        Ok(Id(s.parse()?))',
      '    }',
      '}',
      'fn run(s: &str) -> Result<u32, ParseIntError> {',
      '    let id = Id::from_str(s).unwrap();',
      '    Ok(id.0)',
      '}',
      'fn main() {',
      '    println!("{:?}", run("1"));',
      '}',
      '',
    ].join('\n');
    writeSource(root, 'main.rs', main);
    const run = fixCrate(root);
    assert.match(run.stdout, /Applied 0 fixes/);
    assert.equal(fs.readFileSync(path.join(root, 'src', 'main.rs'), 'utf8'), main);
  });
});

describe('a method the index does not hold, in another file', () => {
  test('a #[cfg] impl giving String a parse makes s.parse() unknown: no `?`', () => {
    const root = crateNamed('ext');
    writeSource(
      root,
      'unix.rs',
      '#[cfg(unix)]\nimpl crate::Ext for String {\n    fn parse(&self) -> Option<i32> {\n        Some(1)\n    }\n}\n',
    );
    const main = [
      'mod unix;',
      'pub trait Ext {',
      '    fn parse(&self) -> Option<i32>;',
      '}',
      'fn run(s: String) -> Result<i32, std::num::ParseIntError> {',
      '    let n: i32 = s.parse().unwrap();',
      '    Ok(n)',
      '}',
      'fn main() {',
      '    println!("{:?}", run("3".into()));',
      '}',
      '',
    ].join('\n');
    writeSource(root, 'main.rs', main);
    fixCrate(root);
    assert.equal(fs.readFileSync(path.join(root, 'src', 'main.rs'), 'utf8'), main);
  });
});

describe('packageNameIn', () => {
  test("reads the library's name ([lib], else [package]), as code names it", () => {
    assert.equal(packageNameIn('[package]\nname = "my-shop" # the shop\nversion = "1"\n'), 'my_shop');
    assert.equal(packageNameIn('[lib]\nname = "core_lib"\n[package]\nname = \'app\'\n'), 'core_lib');
    assert.equal(packageNameIn('[[bin]]\nname = "tool"\n[package]\nname = \'app\'\n'), 'app');
    assert.equal(packageNameIn('[workspace]\nmembers = ["a"]\n[dependencies]\nname = "x"\n'), undefined);
  });
});

/** A binary importing its module's fn under another name and its package library's fn. */
const MAIN = [
  'mod utils;',
  '',
  'use my_shop::store::load;',
  'use utils::read_input as read;',
  '',
  'fn first_line(path: &str) -> std::io::Result<String> {',
  '    let text = read(path).unwrap();',
  '    let again = load(path).unwrap();',
  '    Ok(format!("{}{}", text, again))',
  '}',
  '',
  'fn main() {',
  '    println!("{:?}", first_line("Cargo.toml"));',
  '}',
  '',
].join('\n');

/** A crate `my-shop` with a library and a binary; its root. */
function shop(): string {
  const root = tempDir();
  fs.mkdirSync(path.join(root, 'src'));
  fs.writeFileSync(path.join(root, 'Cargo.toml'), '[package]\nname = "my-shop"\nversion = "0.1.0"\n');
  fs.writeFileSync(path.join(root, 'src', 'lib.rs'), 'pub mod store;\n');
  const io = 'pub fn NAME(path: &str) -> std::io::Result<String> {\n    std::fs::read_to_string(path)\n}\n';
  fs.writeFileSync(path.join(root, 'src', 'store.rs'), io.replace('NAME', 'load'));
  fs.writeFileSync(path.join(root, 'src', 'utils.rs'), io.replace('NAME', 'read_input'));
  fs.writeFileSync(path.join(root, 'src', 'main.rs'), MAIN);
  return root;
}

describe("a binary's imports from its modules and its package's library", () => {
  test('scan --fix types `use my_shop::…` (the package, `-` as `_`) and `use utils::… as …`', () => {
    const root = shop();
    const run = spawnSync(process.execPath, [CLI, 'scan', '--fix', '.'], { cwd: root, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(
      fs.readFileSync(path.join(root, 'src', 'main.rs'), 'utf8'),
      MAIN.replace('read(path).unwrap()', 'read(path)?').replace('load(path).unwrap()', 'load(path)?'),
    );
  });
});

describe('the built server indexes a crate off the thread that answers the editor', () => {
  const client = LspClient.spawn(process.execPath, ['dist/server.js', '--stdio'], REPO_ROOT);
  after(() => client.kill());
  const PORTS = [
    'use std::num::ParseIntError;',
    '',
    'pub fn checked(s: &str) -> Result<u16, ParseIntError> {',
    '    let p = crate::util::port(s).unwrap();',
    '    Ok(p + 1)',
    '}',
    '',
  ].join('\n');
  // No rule here asks for a type: a crate index cannot change what it reports.
  const RAW = 'pub fn first(p: *const u8) -> u8 {\n    unsafe { *p }\n}\n';

  /** A crate whose ports.rs calls a fn util.rs declares; the URI of each of its files. */
  function portsCrate(): (name: string) => string {
    const root = tempDir();
    fs.mkdirSync(path.join(root, 'src'));
    fs.writeFileSync(path.join(root, 'Cargo.toml'), '[package]\nname = "ports"\nversion = "0.1.0"\n');
    fs.writeFileSync(path.join(root, 'src', 'lib.rs'), 'pub mod ports;\npub mod raw;\npub mod util;\n');
    fs.writeFileSync(
      path.join(root, 'src', 'util.rs'),
      'pub fn port(s: &str) -> Result<u16, std::num::ParseIntError> {\n    s.parse()\n}\n',
    );
    return (name) => pathToFileURL(path.join(root, 'src', name)).href;
  }

  const published = (uri: string) =>
    client.notifications.filter(
      (n) =>
        n.method === 'textDocument/publishDiagnostics' && (n.params as PublishDiagnosticsParams).uri === uri,
    ).length;

  async function open(uri: string, text: string): Promise<void> {
    const first = client.waitFor<PublishDiagnosticsParams>(
      'textDocument/publishDiagnostics',
      (p) => p.uri === uri,
      20_000,
    );
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'rust', version: 1, text } });
    await first;
  }

  /** Waits for ports.rs's analysis with its crate's index, and checks that it offers the safe `?`. */
  async function offersTypedFix(uri: string): Promise<void> {
    const indexed = await client.waitFor<PublishDiagnosticsParams>(
      'textDocument/publishDiagnostics',
      (p) => p.uri === uri && published(uri) >= 2,
      20_000,
    );
    const diagnostic = indexed.diagnostics.find((d) => d.code === 'unwrap-used');
    assert.ok(diagnostic, JSON.stringify(indexed.diagnostics));
    assert.match((await preferredFix(client, uri, diagnostic)).title, /Propagate the error with `\?`/);
  }

  test("types a fix from another file's fn, and re-analyses only documents that looked beyond their own items", async () => {
    await initialize(client);
    const uriOf = portsCrate();
    await open(uriOf('raw.rs'), RAW);
    await open(uriOf('ports.rs'), PORTS);
    // The index arrives from the worker thread; ports.rs is analysed again with it.
    await offersTypedFix(uriOf('ports.rs'));
    // Anything raw.rs had coming would have been scheduled with ports.rs's re-analysis.
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(published(uriOf('raw.rs')), 1);
  });

  test("types the binary's fns from its package's library and its renamed imports", async () => {
    const uri = pathToFileURL(path.join(shop(), 'src', 'main.rs')).href;
    await open(uri, MAIN);
    const indexed = await client.waitFor<PublishDiagnosticsParams>(
      'textDocument/publishDiagnostics',
      (p) => p.uri === uri && published(uri) >= 2,
      20_000,
    );
    for (const line of [6, 7]) {
      const diagnostic = indexed.diagnostics.find((d) => d.range.start.line === line);
      assert.ok(diagnostic, JSON.stringify(indexed.diagnostics));
      assert.match((await preferredFix(client, uri, diagnostic)).title, /Propagate the error with `\?`/);
    }
  });

  test('indexes a second crate after the first (with no folder to scan, each gets a thread of its own)', async () => {
    const uriOf = portsCrate();
    await open(uriOf('ports.rs'), PORTS);
    await offersTypedFix(uriOf('ports.rs'));
  });
});
