import { EXIT_OK } from './errors';

let watched = false;

/**
 * `process.stdout`, set up on first use: a report written straight to a file never creates the
 * stream (nor loads the stream modules behind it, a few ms of a cached scan).
 */
export function stdout(): NodeJS.WriteStream {
  if (!watched) {
    watched = true;
    // A reader that stops early (`| head`) closes the pipe; that is not an error worth a stack trace.
    process.stdout.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? EXIT_OK);
      throw error;
    });
  }
  return process.stdout;
}
