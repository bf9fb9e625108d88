/**
 * A second real LSP client: Neovim (0.7+, `apt-get install neovim`) runs the language server with
 * `vim.lsp.start_client` on a temp copy of the learner crate, opens `src/config.rs`, waits for
 * the diagnostics and applies the preferred code action of the first `unwrap-used` finding
 * (`test/neovim/lsp-check.lua`). Needs `dist/cli.js` (`npm run build`).
 *
 *   npm run build && node --import tsx --test test/neovim/neovim.test.ts
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const SCRIPT = path.join(REPO_ROOT, 'test', 'neovim', 'lsp-check.lua');
const FIXTURE = path.join(REPO_ROOT, 'test', 'fixtures', 'learner-crate');
const NVIM = process.env.NVIM_BIN ?? 'nvim';

function skipReason(): string | false {
  const version = spawnSync(NVIM, ['--version'], { encoding: 'utf8' });
  if (version.error || version.status !== 0) {
    return `Neovim (${NVIM}) is not installed: apt-get install -y neovim, or set NVIM_BIN`;
  }
  if (!fs.existsSync(CLI)) return `${path.relative(REPO_ROOT, CLI)} is missing: run npm run build`;
  return false;
}

interface NvimDiagnostic {
  line: number;
  col: number;
  end_line: number;
  end_col: number;
  severity: number;
  code: string;
  source: string;
  message: string;
}

interface NvimResult {
  nvim: { major: number; minor: number; patch: number };
  diagnostics: NvimDiagnostic[];
  actions: string[];
  applied: string;
  text: string;
}

describe('Neovim as an LSP client', { skip: skipReason() }, () => {
  it('shows the diagnostics of src/config.rs and applies the `?` fix', () => {
    const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'rsc-nvim-'));
    try {
      const root = path.join(temp, 'learner-crate');
      const out = path.join(temp, 'out');
      fs.cpSync(FIXTURE, root, { recursive: true });
      fs.mkdirSync(out);
      const original = fs.readFileSync(path.join(root, 'src', 'config.rs'), 'utf8');

      const run = spawnSync(NVIM, ['--headless', '--clean', '-c', `luafile ${SCRIPT}`], {
        cwd: root,
        encoding: 'utf8',
        timeout: 60_000,
        env: {
          ...process.env,
          RSC_CLI: CLI,
          RSC_ROOT: root,
          RSC_OUT: out,
          XDG_STATE_HOME: temp,
          XDG_DATA_HOME: temp,
        },
      });
      const errorFile = path.join(out, 'error.txt');
      const resultFile = path.join(out, 'result.json');
      assert.ok(
        !fs.existsSync(errorFile),
        `the Neovim script failed: ${fs.existsSync(errorFile) ? fs.readFileSync(errorFile, 'utf8') : ''}`,
      );
      assert.ok(
        fs.existsSync(resultFile),
        `nvim wrote no result (exit ${String(run.status)}, ${run.error?.message ?? 'no spawn error'}):\n` +
          `${run.stdout}${run.stderr}`,
      );
      const result = JSON.parse(fs.readFileSync(resultFile, 'utf8')) as NvimResult;
      const { major, minor, patch } = result.nvim;
      console.log(`nvim ${major}.${minor}.${patch}; actions: ${JSON.stringify(result.actions)}`);

      assert.deepEqual(
        result.diagnostics.map(({ line, col, code }) => ({ line, col, code })),
        [
          { line: 4, col: 37, code: 'unwrap-used' },
          { line: 10, col: 15, code: 'question-mark' },
          { line: 14, col: 42, code: 'unwrap-used' },
        ],
        `diagnostics: ${JSON.stringify(result.diagnostics, null, 2)}`,
      );
      assert.ok(result.diagnostics.every((d) => d.source === 'rust-safety-coach'));
      assert.equal(result.applied, 'Propagate the error with `?`');

      const lines = original.split('\n');
      assert.equal(lines[4], '    let n: u16 = text.trim().parse().unwrap();');
      lines[4] = '    let n: u16 = text.trim().parse()?;';
      assert.equal(result.text, lines.join('\n'));
      // The script never writes the file: only the buffer changed.
      assert.equal(fs.readFileSync(path.join(root, 'src', 'config.rs'), 'utf8'), original);
    } finally {
      fs.rmSync(temp, { recursive: true, force: true });
    }
  });
});
