import { exitCodes, main } from './main.js';

/** The `sim` command's entry point: runs the CLI and sets the exit code. */
main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    // A broken invariant of our own code: say so, with the stack, and exit 1.
    process.stderr.write(`sim: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = exitCodes.failed;
  },
);
