// The web host's crate index: none. Building one walks the crate's files, which a Web Worker
// cannot list; each open document is analysed with its own items, clippy's default settings and
// no Cargo.toml lint settings (README: "VS Code for the Web").
import type { Parser } from 'web-tree-sitter';
import type { CrateIndex } from '../engine';
import type { CrateConfig } from '../shared/clippyConfigFiles';
import type { ManifestProblem } from './manifestDiagnostics';
import type { IndexBuilder, WorkspaceCrates as NodeWorkspaceCrates } from './workspaceCrates';

/** Every public member of the Node class, so that the two cannot drift apart. */
type PublicSurface = { [K in keyof NodeWorkspaceCrates]: NodeWorkspaceCrates[K] };

export class WorkspaceCrates implements PublicSurface {
  constructor(
    _parser: Parser,
    _onReady: (root: string) => void,
    _log: (message: string) => void,
    _onConfigRead?: (problems: ManifestProblem[]) => void,
    _builder?: IndexBuilder,
  ) {}

  indexOfRoot(_root: string): Promise<CrateIndex | undefined> {
    return Promise.resolve(undefined);
  }

  indexFor(_uri: string): CrateIndex | undefined {
    return undefined;
  }

  whenIndexed(_uri: string): Promise<CrateIndex | undefined> {
    return Promise.resolve(undefined);
  }

  release(_root: string): void {}

  configFor(_uri: string): CrateConfig | undefined {
    return undefined;
  }

  configChanged(): void {}

  rootOf(_uri: string): string | null {
    return null;
  }

  refresh(_uri: string): void {}

  dispose(): void {}
}
