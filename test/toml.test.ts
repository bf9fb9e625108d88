// The TOML reader Cargo.toml's lint tables are read with: the parts manifests use, errors that
// name their line and never throw, and every Debian-packaged crate's Cargo.toml.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { crateRuleSettings } from '../src/engine/config/crateSettings';
import { parseToml, tomlGet } from '../src/engine/config/toml';

const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe('parseToml', () => {
  it('reads tables, dotted and quoted keys, inline tables, strings, numbers, arrays and comments', () => {
    const doc = parseToml(`# a manifest
title = "a \\"quoted\\" \\u00e9" # trailing comment
path = 'C:\\dir'
[package]
name = "x"
version.workspace = true
"quoted key" = 1_000
hex = 0xff
float = -1.5e3
date = 1979-05-27T07:32:00Z
keywords = [
  "one", # first
  'two',
]
[lints.clippy]
unwrap_used = { level = "allow", priority = -1 }
[[bin]]
name = "a"
[[bin]]
name = "b"
[dependencies.serde]
features = ["derive"]
text = """
line 1 \\
  joined"""
raw = '''
kept \\n'''
`);
    assert.deepEqual(doc.errors, []);
    assert.deepEqual(plain(doc.root), {
      title: 'a "quoted" é',
      path: 'C:\\dir',
      package: {
        name: 'x',
        version: { workspace: true },
        'quoted key': 1000,
        hex: 255,
        float: -1500,
        date: '1979-05-27T07:32:00Z',
        keywords: ['one', 'two'],
      },
      lints: { clippy: { unwrap_used: { level: 'allow', priority: -1 } } },
      bin: [{ name: 'a' }, { name: 'b' }],
      dependencies: { serde: { features: ['derive'], text: 'line 1 joined', raw: 'kept \\n' } },
    });
    const clippy = tomlGet(doc.root, 'lints', 'clippy');
    assert.ok(clippy && typeof clippy === 'object' && !Array.isArray(clippy));
    assert.equal(doc.lineOf(clippy, 'unwrap_used'), 15);
  });

  it('reports a bad line with its number and reads the lines after it', () => {
    const doc = parseToml(
      '[package]\nname = x\nversion = "1"\n[lints.clippy\nunwrap_used = "allow"\nok = "1"\n',
    );
    assert.deepEqual(
      doc.errors.map((e) => e.line),
      [1, 3],
    );
    assert.match(doc.errors[0]?.message ?? '', /not a TOML value/);
    assert.deepEqual(plain(doc.root), { package: { version: '1' } });
  });

  it('reports keys and tables defined twice, and keeps the first', () => {
    const doc = parseToml('a = 1\na = 2\n[t]\nb = 1\n[t]\nc = 1\n');
    assert.equal(doc.errors.length, 2);
    assert.deepEqual(plain(doc.root), { a: 1, t: { b: 1 } });
  });

  it('never throws, whatever the text', () => {
    const pieces = ['[', ']', '"', "'", '=', '{', '}', ',', '\n', '#', 'a', '.', '"""', '1', ' ', '[[', '\\'];
    let seed = 7;
    for (let i = 0; i < 2000; i++) {
      let text = '';
      for (let j = 0; j < 30; j++) {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        text += pieces[seed % pieces.length];
      }
      assert.doesNotThrow(() => parseToml(text), text);
    }
  });
});

describe("every Debian crate's Cargo.toml", () => {
  const registry = '/usr/share/cargo/registry';
  const manifests = fs.existsSync(registry)
    ? fs
        .readdirSync(registry)
        .map((d) => path.join(registry, d, 'Cargo.toml'))
        .filter((f) => fs.existsSync(f))
    : [];

  it(
    'parses without errors, with its package name, and its lint tables read right',
    { skip: manifests.length === 0 && 'no librust-*-dev package installed' },
    () => {
      const lints =
        '\n[lints.clippy]\nunwrap_used = "allow"\nrestriction = { level = "deny", priority = -1 }\n';
      for (const file of manifests) {
        const text = fs.readFileSync(file, 'utf8');
        const doc = parseToml(text);
        assert.deepEqual(doc.errors, [], file);
        const name = tomlGet(doc.root, 'package', 'name');
        assert.ok(typeof name === 'string' && path.basename(path.dirname(file)).startsWith(`${name}-`), file);
        // Debian's manifests have no [lints]: one appended is read as written.
        const withLints = parseToml(text + lints);
        const settings = crateRuleSettings(withLints, null);
        assert.deepEqual(settings.problems, [], file);
        assert.deepEqual(
          [settings.rules['unwrap-used'], settings.rules['expect-used'], settings.rules['question-mark']],
          ['off', 'error', undefined],
          file,
        );
      }
    },
  );
});
