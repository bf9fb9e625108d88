// VS Code's `files.exclude` as the workspace scan applies it: glob patterns relative to the workspace
// folder (absolute when they start with `/`), `true` to exclude, `false` to keep, and
// `{ "when": "$(basename).ts" }` to exclude only beside a sibling of that name. Pure: the caller
// says which siblings exist.

/** `files.exclude` as the client sends it; anything malformed is ignored. */
export type ExcludeSetting = Record<string, unknown>;

interface Pattern {
  regex: RegExp;
  absolute: boolean;
  /** The sibling that must exist, with `$(basename)` standing for the name without its extension. */
  when?: string;
}

export class FileExclude {
  private readonly patterns: Pattern[];

  constructor(setting: unknown) {
    this.patterns = [];
    if (typeof setting !== 'object' || setting === null || Array.isArray(setting)) return;
    for (const [glob, value] of Object.entries(setting)) {
      const when =
        typeof value === 'object' && value !== null && typeof (value as { when?: unknown }).when === 'string'
          ? (value as { when: string }).when
          : undefined;
      if (value !== true && when === undefined) continue;
      const regex = globToRegExp(glob);
      if (!regex) continue;
      this.patterns.push({ regex, absolute: glob.startsWith('/'), ...(when ? { when } : {}) });
    }
  }

  get empty(): boolean {
    return this.patterns.length === 0;
  }

  /**
   * Whether a file or folder is excluded. `relative` is its path below the workspace folder with
   * `/`, `absolute` its full path; `hasSibling` answers whether a name exists in the same folder.
   */
  excludes(relative: string, absolute: string, hasSibling: (name: string) => boolean): boolean {
    for (const { regex, absolute: isAbsolute, when } of this.patterns) {
      if (!regex.test(isAbsolute ? absolute : relative)) continue;
      if (when === undefined) return true;
      const name = relative.slice(relative.lastIndexOf('/') + 1);
      const dot = name.lastIndexOf('.');
      const basename = dot > 0 ? name.slice(0, dot) : name;
      if (hasSibling(when.replace(/\$\(basename\)/g, basename))) return true;
    }
    return false;
  }
}

/** A VS Code glob (`**`, `*`, `?`, `{a,b}`, `[abc]`, `[!abc]`) as an anchored RegExp; null if malformed. */
export function globToRegExp(glob: string): RegExp | null {
  let source = '';
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob.charAt(i);
    if (c === '*') {
      if (glob[i + 1] === '*') {
        // `**/` matches any folders, none included; a trailing `/**` anything below.
        const slashAfter = glob[i + 2] === '/';
        const atSegmentStart = i === 0 || glob[i - 1] === '/';
        if (atSegmentStart && slashAfter) {
          source += '(?:[^/]*/)*';
          i += 2;
        } else {
          source += '.*';
          i += 1;
        }
      } else {
        source += '[^/]*';
      }
    } else if (c === '?') {
      source += '[^/]';
    } else if (c === '{') {
      braces++;
      source += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      source += ')';
    } else if (c === ',' && braces > 0) {
      source += '|';
    } else if (c === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end < 0) {
        source += '\\[';
        continue;
      }
      let body = glob.slice(i + 1, end);
      if (body.startsWith('!')) body = `^${body.slice(1)}`;
      source += `[${body.replace(/\\/g, '\\\\')}]`;
      i = end;
    } else {
      source += c.replace(/[.+^$()|\\/[\]]/g, '\\$&');
    }
  }
  if (braces > 0) return null;
  // A trailing slash names a folder; the path compared never has one.
  source = source.replace(/\\\/$/, '');
  try {
    return new RegExp(`^${source}$`);
  } catch {
    return null;
  }
}
