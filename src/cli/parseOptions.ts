import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './errors';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * `node:util` parseArgs, with its errors turned into short usage errors: its own messages
 * are long and suggest `--` tricks that do not help here.
 */
export function parseOptions<T extends Options>(
  command: string,
  args: string[],
  options: T,
  positionals = false,
) {
  try {
    return parseArgs({ args, options, allowPositionals: positionals, strict: true });
  } catch (error) {
    const code = (error as { code?: string }).code;
    const message = error instanceof Error ? error.message : String(error);
    const quoted = /'([^']*)'/.exec(message)?.[1];
    const hint = `see 'rust-safety-coach ${command} --help'`;
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION')
      throw new UsageError(`unknown option '${quoted}' (${hint})`);
    if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
      throw new UsageError(`unexpected argument '${quoted}' (${hint})`);
    }
    throw new UsageError(`${message.split(/\.\s/)[0]?.replace(/\.$/, '')} (${hint})`);
  }
}

/** The value of a `--format`-like option, checked against its choices. */
export function oneOf<T extends string>(
  name: string,
  value: string | undefined,
  choices: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${name} must be one of ${choices.join(', ')}, not '${value}'`);
}
