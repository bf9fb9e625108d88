import { format } from 'node:util';
import {
  createConnection,
  ProposedFeatures,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type Connection,
  type DataCallback,
  type Disposable,
  type Message,
} from 'vscode-languageserver/node';

/** The transport the client asked for, as `createConnection` reads it: the first such argument wins. */
export function usesStdio(argv = process.argv.slice(2)): boolean {
  return argv.find((arg) => /^--(node-ipc|stdio|socket|pipe)(=|$)/.test(arg)) === '--stdio';
}

/** Notes the client's `shutdown` request on its way in, for the exit code when the client hangs up. */
class StdinReader extends StreamMessageReader {
  shutdownReceived = false;

  override listen(callback: DataCallback): Disposable {
    return super.listen((message: Message) => {
      if ((message as { method?: unknown }).method === ShutdownRequest.method) this.shutdownReceived = true;
      callback(message);
    });
  }
}

/**
 * The `--stdio` connection, built here rather than by `createConnection` from argv, to hear its
 * reader's errors. The library drops a frame it cannot read (`Content-Length: abc`, a negative,
 * missing or short length) and then reads the rest of it as the next header: the server stayed
 * alive but deaf, and logged nothing. No frame after a bad one can be trusted, so the server says
 * why and exits non-zero, and the client restarts it. The rest is what `createConnection` does
 * for `--stdio`: exit when the client closes our input, and keep stray console output off stdout.
 */
export function stdioConnection(): Connection {
  const reader = new StdinReader(process.stdin);
  const connection = createConnection(ProposedFeatures.all, reader, new StreamMessageWriter(process.stdout));
  reader.onError((error) => {
    const message = `Rust Safety Coach: malformed message from the client; exiting so that it restarts the server: ${error.message}`;
    process.stderr.write(`${message}\n`, () => process.exit(1));
  });
  const hungUp = () => process.exit(reader.shutdownReceived ? 0 : 1);
  process.stdin.on('end', hungUp);
  process.stdin.on('close', hungUp);
  // stdout carries the protocol: what would be printed there goes to the client's log.
  console.log = console.info = (...args: unknown[]) => connection.console.log(format(...args));
  console.debug = (...args: unknown[]) => connection.console.debug(format(...args));
  console.dir = (item: unknown) => connection.console.log(format(item));
  return connection;
}
