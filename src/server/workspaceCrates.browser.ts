// The web host's crate index: none. Building one walks the crate's files, which a Web Worker
// cannot list; each open document is analysed with its own items and clippy's default settings
// (README: "VS Code for the Web").
import type { Parser } from 'web-tree-sitter';
import type { CrateIndex } from '../engine';
import type { ClippyConfig } from '../engine/clippyConfig';
import type { WorkspaceCrates as NodeWorkspaceCrates } from './workspaceCrates';

/** Every public member of the Node class, so that the two cannot drift apart. */
type PublicSurface = { [K in keyof NodeWorkspaceCrates]: NodeWorkspaceCrates[K] };

export class WorkspaceCrates implements PublicSurface {
  constructor(_parser: Parser, _onReady: (root: string) => void, _log: (message: string) => void) {}

  indexFor(_uri: string): CrateIndex | undefined {
    return undefined;
  }

  whenIndexed(_uri: string): Promise<CrateIndex | undefined> {
    return Promise.resolve(undefined);
  }

  release(_root: string): void {}

  clippyFor(_uri: string): ClippyConfig | undefined {
    return undefined;
  }

  rootOf(_uri: string): string | null {
    return null;
  }

  refresh(_uri: string): void {}
}
