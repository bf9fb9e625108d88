/**
 * Resolves on a later turn of the event loop, after the messages already queued. Node has
 * `setImmediate`; a Web Worker does not, and its `setTimeout(0)` is clamped to 4 ms once nested,
 * so there a message to itself does the same.
 */
export const yieldTurn: () => Promise<void> =
  typeof setImmediate === 'function' ? () => new Promise((resolve) => setImmediate(resolve)) : messageTurn();

function messageTurn(): () => Promise<void> {
  const channel = new MessageChannel();
  const waiting: (() => void)[] = [];
  channel.port1.onmessage = () => waiting.shift()?.();
  return () =>
    new Promise<void>((resolve) => {
      waiting.push(resolve);
      channel.port2.postMessage(null);
    });
}
