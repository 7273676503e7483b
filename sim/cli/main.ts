import { Command, CommanderError, Option } from 'commander';
import { UsageError } from '../scenario/usageError.js';
import { checkDeterminismCommand } from './checkDeterminismCommand.js';
import { checkGrabCommand } from './checkGrabCommand.js';
import { replayCommand } from './replayCommand.js';
import { listCommand } from './listCommand.js';
import { gearmanLoadCommand, httpLoadCommand } from './loadCommand.js';
import { liveJobHubCommand } from './liveJobHubCommand.js';
import { perfJobHubCommand } from './perfJobHubCommand.js';
import { profileJobHubCommand } from './profileJobHubCommand.js';
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
    .option('--force', 'replace an --out directory that holds something other than this run')
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
  const check = program.command('check').description('property checks over generated workloads and fault schedules');
  check
    .command('grab')
    .description("grab atomicity: no job held by two live workers, none lost, one reply per client (shrinks failures)")
    .addOption(new Option('--model <name>', 'the system: hub (Gearman), schwartz (TheSchwartz), naive (read-then-write grab)').default('hub'))
    .option('--runs <n>', 'generated cases to run', '100')
    .option('--seed <n>', "fast-check's seed", '1')
    .option('--mode <mode>', 'what happens to a lost worker\'s job: requeue (gearmand) or fail (2005 Perl server)', 'requeue')
    .addHelpText('after', '\nExit codes: 0 the property held on every run, 1 a counterexample (printed with its replay token), 2 bad input.')
    .action(async (options) => setExitCode(await checkGrabCommand(options)));

  program
    .command('replay')
    .description('re-run exactly the case a replay token names and write its report')
    .argument('<token>', 'a token printed by `sim check grab`, e.g. grab1.naive.requeue.42.3:0:1')
    .option('--out <dir>', 'write the report into this directory (default reports/replay/<model>-<mode>-<seed>)')
    .option('--force', 'replace an --out directory that holds something other than this case')
    .addHelpText('after', '\nExit codes: 0 the case now holds, 1 it still breaks the property, 2 bad input.')
    .action(async (token: string, options) => setExitCode(await replayCommand(token, options)));

  const live = program.command('live').description('serve a model on real sockets with the real clock');
  live
    .command('jobhub')
    .description('the job hub machine as a Gearman server (gearman CLI, Perl Gearman::Client, gearadmin) until SIGINT/SIGTERM; SIGHUP is ignored, as gearmand does')
    .option('--host <address>', 'address to listen on: an IP address or localhost', '127.0.0.1')
    .option('--resolve-host', 'let --host be a host name, resolved through DNS')
    .option('--port <n>', 'port to listen on, 0 for any free one', '4730')
    .option('--mode <mode>', "what happens to a lost worker's job: requeue (gearmand 1.1.20) or fail (2005 Perl server)", 'requeue')
    .option('--job-retries <n>', 'with requeue: fail a job after its N-th lost assignment (0: unlimited)', '0')
    .option('--backlog <n>', "listen backlog, as gearmand's --backlog (the kernel caps it at net.core.somaxconn)", '32')
    .addHelpText('after', '\nExit codes: 0 stopped cleanly, 1 the hub failed, 2 bad input or the port is in use.')
    .action(async (options) => setExitCode(await liveJobHubCommand(options)));

  const load = program.command('load').description('real load over loopback; jobs or requests per second and latency percentiles (HDR)');
  load
    .command('gearman')
    .description('Gearman clients and workers against a job server: foreground jobs, submit-to-complete latency')
    .requiredOption('--target <host:port>', 'the job server, e.g. 127.0.0.1:4730')
    .option('--clients <n>', 'client connections', '32')
    .option('--workers <n>', 'worker connections', '8')
    .option('--outstanding <n>', 'jobs in flight per client', '16')
    .option('--duration <time>', 'measured window, e.g. 10s or 500ms', '10s')
    .option('--payload-bytes <n>', 'bytes of job data (returned as the result)', '64')
    .option('--json', 'print the result as JSON')
    .addHelpText('after', '\nExit codes: 0 jobs completed without errors, 1 errors or nothing completed, 2 bad input.')
    .action(async (options) => setExitCode(await gearmanLoadCommand(options)));
  load
    .command('http')
    .description('autocannon against a URL, in the same result format')
    .requiredOption('--url <url>', 'e.g. http://127.0.0.1:8080/')
    .option('--connections <n>', 'concurrent connections', '10')
    .option('--pipelining <n>', 'requests in flight per connection', '1')
    .option('--duration <time>', 'measured window, e.g. 10s', '10s')
    .option('--json', 'print the result as JSON')
    .addHelpText('after', '\nExit codes: 0 responses without errors, 1 errors or nothing completed, 2 bad input.')
    .action(async (options) => setExitCode(await httpLoadCommand(options)));

  const perf = program.command('perf').description('perf reports from real load runs');
  perf
    .command('jobhub')
    .description('our live hub against gearmand --threads=1, same load, alternating rounds; writes reports/perf/jobhub/<time>/')
    .option('--rounds <n>', 'rounds per server', '3')
    .option('--duration <time>', 'measured window of each round', '5s')
    .option('--clients <n>', 'client connections', '32')
    .option('--workers <n>', 'worker connections', '8')
    .option('--outstanding <n>', 'jobs in flight per client', '16')
    .option('--payload-bytes <n>', 'bytes of job data', '64')
    .option('--out <dir>', 'write the report here instead')
    .option('--profile <tool>', 'also run clinic (doctor or flame) on our hub under the same load and link its HTML')
    .addHelpText('after', '\nExit codes: 0 report written (it says whether the aim was met), 2 bad input or gearmand missing.')
    .action(async (options) => setExitCode(await perfJobHubCommand(options)));

  program
    .command('profile')
    .description('profiler runs of live components')
    .command('jobhub')
    .description('clinic doctor or flame on the live hub under the Gearman load driver; keeps the HTML in reports/profile/jobhub/<time>/')
    .option('--tool <tool>', 'doctor or flame (bubbleprof hangs on this machine)', 'doctor')
    .option('--duration <time>', 'load duration', '10s')
    .option('--out <dir>', 'write into this directory instead')
    .addHelpText('after', '\nExit codes: 0 the clinic HTML was written, 2 bad input.')
    .action(async (options) => setExitCode(await profileJobHubCommand(options)));
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
