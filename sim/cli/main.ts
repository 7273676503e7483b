import { Command, CommanderError, Option } from 'commander';
import { UsageError } from '../scenario/usageError.js';
import { checkDeterminismCommand } from './checkDeterminismCommand.js';
import { listCommand } from './listCommand.js';
import { collectSet } from './parseSets.js';
import { runCommand } from './runCommand.js';

/** Exit codes of every `sim` command (DESIGN.md "Scenarios"). */
export const exitCodes = { passed: 0, failed: 1, badInput: 2 } as const;

function buildProgram(setExitCode: (code: number) => void): Command {
  const program = new Command('sim')
    .description('Deterministic simulation of a 2005 web stack: replay incidents from a seed, check invariants, write reports.')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  const seedOption = () => new Option('--seed <n>', 'root seed, an integer from 0 to 4294967295').default('1');
  const setOption = () => new Option('--set <key=value>', 'set a scenario parameter (repeatable; see `sim list`)').argParser(collectSet);
  const profileOption = () => new Option('--profile <name>', "environment profile (default: the scenario's own)");

  program.command('list').description('list scenarios, their parameters and the profiles').action(() => setExitCode(listCommand()));

  program
    .command('run')
    .description('run one scenario and write reports/<scenario>/<seed>/ (summary.json, report.md, report.html)')
    .argument('<scenario>', 'scenario name (see `sim list`)')
    .addOption(seedOption())
    .addOption(setOption())
    .addOption(profileOption())
    .option('--json', 'print summary.json to stdout instead of the text summary')
    .option('--out <dir>', 'write the report into this directory (default reports/<scenario>/<seed>)')
    .option('--trace', 'also write the full trace: trace.jsonl and trace.chrome.json (opens in Perfetto)')
    .option('--events-max <n>', 'stop after this many delivered events (default 50000000)')
    .option('--wall-seconds-max <n>', 'stop after this much wall time (default 600)')
    .option('--quiet', 'print nothing; the exit code and the report tell')
    .addHelpText('after', '\nExit codes: 0 all expectations and invariants hold, 1 something failed, 2 bad input.')
    .action(async (name: string, options) => setExitCode(await runCommand(name, options)));

  program
    .command('check-determinism')
    .description('run a scenario twice with one seed; compare trace hashes and name the first differing event')
    .argument('<scenario>', 'scenario name (see `sim list`)')
    .addOption(seedOption())
    .addOption(setOption())
    .addOption(profileOption())
    .addHelpText('after', '\nExit codes: 0 both runs gave the same trace, 1 they differ, 2 bad input.')
    .action(async (name: string, options) => setExitCode(await checkDeterminismCommand(name, options)));
  return program;
}

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  let exitCode: number = exitCodes.passed;
  const program = buildProgram((code) => (exitCode = code));
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; every parse error (unknown command or option) is bad input.
      return error.exitCode === 0 ? exitCodes.passed : exitCodes.badInput;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`sim: ${error.message}\n`);
      return exitCodes.badInput;
    }
    throw error;
  }
}
