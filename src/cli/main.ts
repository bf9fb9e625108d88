import { ruleInfos } from '../engine/ruleInfo';
import { EXIT_ERROR, EXIT_OK, FatalError, UsageError, describeError, printError } from './errors';
import {
  explainOutput,
  formatExplainJson,
  formatExplainText,
  lessonTitles,
  readExplainInput,
} from './explainCommand';
import { EXPLAIN_HELP, LSP_HELP, MAIN_HELP, RULES_HELP, SCAN_HELP } from './help';
import { runLsp } from './lspCommand';
import { oneOf, parseOptions } from './parseOptions';
import { exactPositionals } from './rawArgs';
import { formatRules } from './rulesCommand';
import { defaultJobs, runScan, setCliEntry } from './scan';
import { isScanWorkerData, runScanWorker, SCAN_WORKER_ARG, workerThreads } from './scanWorkers';
import { stdout } from './stdout';
import { VERSION } from './version';

async function scanCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseOptions(
    'scan',
    args,
    {
      format: { type: 'string' },
      fix: { type: 'boolean' },
      verify: { type: 'boolean' },
      rule: { type: 'string', multiple: true },
      'include-tests': { type: 'boolean' },
      'fail-on-findings': { type: 'boolean' },
      jobs: { type: 'string', short: 'j' },
      'no-cache': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    true,
  );
  if (values.help) return printHelp(SCAN_HELP);
  const format = oneOf('format', values.format, ['text', 'json', 'sarif'] as const, 'text');
  // `--rule a --rule b` and `--rule a,b` both work.
  const rules = values.rule?.flatMap((r) => r.split(',')).map((r) => r.trim());
  if (rules) {
    const known = new Set(ruleInfos().map((r) => r.id));
    const unknown = rules.filter((r) => !known.has(r));
    if (unknown.length > 0) {
      throw new UsageError(`unknown rule '${unknown.join("', '")}' (known: ${[...known].join(', ')})`);
    }
  }
  if (values.verify && !values.fix) {
    throw new UsageError("--verify checks the fixes of --fix; use 'scan --fix --verify'");
  }
  let jobs = defaultJobs();
  if (values.jobs !== undefined) {
    jobs = Number(values.jobs);
    if (!/^\d+$/.test(values.jobs) || jobs < 1) {
      throw new UsageError(`--jobs must be a whole number of at least 1, not '${values.jobs}'`);
    }
  }
  return runScan({
    paths: positionals.length > 0 ? exactPositionals(args, positionals) : ['.'],
    format,
    fix: values.fix ?? false,
    verify: values.verify ?? false,
    rules,
    includeTests: values['include-tests'] ?? false,
    failOnFindings: values['fail-on-findings'] ?? false,
    jobs,
    cache: !(values['no-cache'] ?? false),
  });
}

function rulesCommand(args: string[]): number {
  const { values } = parseOptions('rules', args, {
    format: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) return printHelp(RULES_HELP);
  stdout().write(formatRules(oneOf('format', values.format, ['text', 'json'] as const, 'text')));
  return EXIT_OK;
}

async function explainCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseOptions(
    'explain',
    args,
    { format: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    true,
  );
  if (values.help) return printHelp(EXPLAIN_HELP);
  const format = oneOf('format', values.format, ['text', 'json'] as const, 'text');
  if (positionals.length > 1) {
    throw new UsageError(
      "explain reads one output: stdin, or a single FILE (see 'rust-safety-coach explain --help')",
    );
  }
  const file = positionals.length === 1 ? exactPositionals(args, positionals)[0] : undefined;
  const explained = explainOutput(await readExplainInput(file), process.cwd());
  stdout().write(
    format === 'json' ? formatExplainJson(explained) : formatExplainText(explained, lessonTitles()),
  );
  return EXIT_OK;
}

function lspCommand(args: string[]): number {
  const { values } = parseOptions('lsp', args, {
    stdio: { type: 'boolean' },
    // vscode-languageclient may pass the editor's pid; the server library reads it from argv itself.
    clientProcessId: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) return printHelp(LSP_HELP);
  if (!values.stdio)
    throw new UsageError("lsp needs --stdio, the only transport (see 'rust-safety-coach lsp --help')");
  // The editor closing the pipe ends the server quietly, as it does every other command.
  stdout();
  runLsp();
  return EXIT_OK;
}

function printHelp(text: string): number {
  stdout().write(text);
  return EXIT_OK;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'scan':
        return await scanCommand(rest);
      case 'rules':
        return rulesCommand(rest);
      case 'explain':
        return await explainCommand(rest);
      case 'lsp':
        return lspCommand(rest);
      case 'help':
        return printHelp(
          (
            { scan: SCAN_HELP, rules: RULES_HELP, explain: EXPLAIN_HELP, lsp: LSP_HELP } as Record<
              string,
              string
            >
          )[rest[0] ?? ''] ?? MAIN_HELP,
        );
      case '-h':
      case '--help':
        return printHelp(MAIN_HELP);
      case '-V':
      case '--version':
        stdout().write(`${VERSION}\n`);
        return EXIT_OK;
      case undefined:
        process.stderr.write(MAIN_HELP);
        return EXIT_ERROR;
      default:
        throw new UsageError(`unknown command '${command}' (see 'rust-safety-coach --help')`);
    }
  } catch (error) {
    if (error instanceof UsageError || error instanceof FatalError) printError(error.message);
    else printError(`unexpected failure: ${describeError(error)}`);
    return EXIT_ERROR;
  }
}

// A `scan` worker thread runs this same file; it takes files from the scan's shared job list.
const worker = process.argv.includes(SCAN_WORKER_ARG) ? workerThreads() : undefined;
if (worker && !worker.isMainThread && isScanWorkerData(worker.workerData)) {
  runScanWorker(worker.workerData);
} else {
  setCliEntry(__filename);
  // exitCode, not exit(): exiting at once could cut off output still queued for a pipe.
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
