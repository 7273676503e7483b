import { exitCodes, main } from './main.js';

/**
 * A reader that stops early (`sim sweep --help | head`) closes the pipe: that is the
 * reader's choice, not an error of ours, so stop quietly as `head`'s other writers do.
 */
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});

/** The `sim` command's entry point: runs the CLI and sets the exit code. */
main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    // A broken invariant of our own code: say so, with the stack, and exit 1.
    process.stderr.write(`sim: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = exitCodes.failed;
  },
);
