// literalParses (src/engine/rules/literalParse.ts) against std itself: each case is parsed by a
// Rust program compiled here. Whatever the check accepts, std must accept (it is what makes an
// unwrap "cannot fail"); the check may reject what std accepts only in the cases it documents.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { literalParses, literalValue } from '../src/engine/rules/literalParse';

const CASES: Record<string, string[]> = {
  u8: ['0', '255', '256', '+7', '-0', '-1', '', '+', '1_000', ' 1', '007', '1e2'],
  i8: ['-128', '127', '128', '-129', '+0', '--1', '-'],
  u16: ['65535', '65536'],
  usize: ['65535', '4294967295', '0'],
  isize: ['-32768', '32767'],
  u64: ['18446744073709551615', '18446744073709551616'],
  i128: ['-170141183460469231731687303715884105728', '170141183460469231731687303715884105728'],
  f64: [
    '1.5',
    '1.',
    '.5',
    '.',
    '1e5',
    '1E-5',
    '1.e5',
    'e5',
    '1e',
    'inf',
    '-Infinity',
    'NaN',
    '+nan',
    '1_0',
    '0x10',
    ' 1',
  ],
  f32: ['3.4e39', '-0.0'],
  bool: ['true', 'false', 'True', 'TRUE', '1', ''],
  char: ['a', 'é', '🦀', 'ab', ''],
  String: ['', 'anything'],
  'std::net::Ipv4Addr': [
    '127.0.0.1',
    '0.0.0.0',
    '255.255.255.255',
    '256.0.0.1',
    '01.2.3.4',
    '1.2.3',
    '1.2.3.4.5',
    '1.2.3.04',
  ],
  'std::net::Ipv6Addr': [
    '::1',
    '::',
    'fe80::1',
    '1:2:3:4:5:6:7:8',
    '1:2:3:4:5:6:7::',
    '1:2:3:4:5:6:7::8',
    '1::2::3',
    '12345::',
    '0001::',
    '::ffff:1.2.3.4',
    ':::1',
    'g::1',
    '1:2:3:4:5:6:7',
  ],
  'std::net::IpAddr': ['127.0.0.1', '::1', 'localhost', '[::1]'],
  'std::net::SocketAddrV4': ['127.0.0.1:8080', '127.0.0.1:65536', '127.0.0.1', '127.0.0.1:080'],
  'std::net::SocketAddrV6': ['[::1]:8080', '::1:8080', '[::1]', '[fe80::1%2]:80'],
  'std::net::SocketAddr': ['127.0.0.1:0', '[::]:443', 'localhost:80'],
};

/** Accepted by std but not by the check, on purpose (see literalParse.ts). */
const CONSERVATIVE = new Set([
  'usize 4294967295',
  'std::net::Ipv6Addr ::ffff:1.2.3.4',
  'std::net::SocketAddrV4 127.0.0.1:080',
  'std::net::SocketAddrV6 [fe80::1%2]:80',
]);

function rustProgram(cases: Array<[string, string]>): string {
  const lines = cases.map(
    ([type, text]) => `    println!("{}", ${JSON.stringify(text)}.parse::<${type}>().is_ok());`,
  );
  return `fn main() {\n${lines.join('\n')}\n}\n`;
}

function stdVerdicts(cases: Array<[string, string]>): Promise<boolean[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rsc-parse-'));
  const source = path.join(dir, 'parse.rs');
  const binary = path.join(dir, 'parse');
  writeFileSync(source, rustProgram(cases));
  return new Promise((resolve, reject) => {
    execFile(
      'rustc',
      ['--edition', '2021', '-o', binary, source],
      { timeout: 120_000 },
      (error, _o, stderr) => {
        if (error) {
          rmSync(dir, { recursive: true, force: true });
          return reject(new Error(stderr));
        }
        execFile(binary, (runError, stdout) => {
          rmSync(dir, { recursive: true, force: true });
          if (runError) return reject(runError);
          resolve(
            stdout
              .trim()
              .split('\n')
              .map((l) => l === 'true'),
          );
        });
      },
    );
  });
}

describe('literal parses', () => {
  it('agree with std: what the check accepts, std parses; it rejects only what std rejects, or a documented case', async () => {
    const cases = Object.entries(CASES).flatMap(([type, texts]) =>
      texts.map((t): [string, string] => [type, t]),
    );
    const std = await stdVerdicts(cases);
    assert.equal(std.length, cases.length);
    const accepted = cases.filter(([type, text]) => literalParses(type, text));
    assert.ok(accepted.length > 40, 'the check accepts the common forms');
    cases.forEach(([type, text], i) => {
      const ours = literalParses(type, text);
      const key = `${type} ${text}`;
      if (ours) assert.equal(std[i], true, `${key}: accepted here, rejected by std`);
      else if (std[i]) assert.ok(CONSERVATIVE.has(key), `${key}: std parses it, the check does not`);
    });
    for (const key of CONSERVATIVE) {
      const i = cases.findIndex(([type, text]) => `${type} ${text}` === key);
      assert.equal(std[i], true, `${key} is in CONSERVATIVE but std rejects it`);
    }
  });

  it('reads a literal only when it has no escapes', () => {
    assert.equal(literalValue('"127.0.0.1"'), '127.0.0.1');
    assert.equal(literalValue('r"a\\b"'), 'a\\b');
    assert.equal(literalValue('r#"say "hi""#'), 'say "hi"');
    assert.equal(literalValue('"127.0.0.\\x31"'), null);
    assert.equal(literalValue('b"1"'), null);
  });
});
