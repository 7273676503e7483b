import { availableParallelism } from 'node:os';
import { Command, CommanderError, Option } from 'commander';
import { prestartSweepWorkers, sweepJobsMax } from '../sweep/workerPool.js';
import { parseSeedRange, seedCount } from '../sweep/seedRange.js';
import { parseIntegerOption } from './parseOptions.js';
import { UsageError } from '../scenario/usageError.js';
import { collectList, collectSet } from './parseSets.js';
import { faultForms } from '../scenario/fault.js';
import { loadShapeForms } from '../scenario/loadShape.js';

/** Exit codes of every `sim` command (DESIGN.md "Scenarios"). */
export const exitCodes = { passed: 0, failed: 1, badInput: 2 } as const;

/**
 * The commands' modules are imported when their command runs, not here: `sim sweep` then
 * loads neither the live servers and load drivers (autocannon) nor any command but its own
 * before it starts its workers, and `sim list` or `--help` load almost nothing.
 */
function buildProgram(setExitCode: (code: number) => void): Command {
  const program = new Command('sim')
    .description('Deterministic simulation of a 2005 web stack: replay incidents from a seed, check invariants, write reports.')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  const seedOption = () => new Option('--seed <n>', 'root seed, an integer from 0 to 4294967295 (default 1)');
  const setOption = () => new Option('--set <key=value>', 'set a scenario parameter (repeatable; see `sim list`)').argParser(collectSet);
  const profileOption = () => new Option('--profile <name>', "environment profile (default: the scenario's own)");
  const faultOption = () =>
    new Option('--fault <fault>', `inject a fault (repeatable), e.g. 'crash sto1 at 30s for 60s'; names from \`sim hosts <scenario>\``).argParser(collectList);

  program.command('list').description('list scenarios, their parameters and the profiles').action(async () => setExitCode((await import('./listCommand.js')).listCommand()));

  program
    .command('schema')
    .description('print the JSON Schema of scenario files, for editors to complete and check them')
    .action(async () => setExitCode((await import('./schemaCommand.js')).schemaCommand()));

  program
    .command('hosts')
    .description('list the hosts and processes of a scenario\'s topology: the names faults use')
    .argument('<scenario>', 'scenario name (see `sim list`)')
    .addOption(setOption())
    .addOption(profileOption())
    .option('--json', 'print the listing as JSON')
    .addHelpText('after', `\nFault language (--fault on sim run):\n  ${faultForms.join('\n  ')}\nTimes and durations take a unit: 1500ms, 30s, 2m.\n\nExit codes: 0 printed, 2 bad input.`)
    .action(async (name: string, options) => setExitCode((await import('./hostsCommand.js')).hostsCommand(name, options)));

  program
    .command('machines')
    .description('list every statechart (states, transitions), or print one as xstate defines it or as a Mermaid diagram')
    .argument('[name]', 'a machine name from the list')
    .option('--json', 'print the list, or the named machine\'s xstate definition, as JSON')
    .option('--mermaid', 'print the named machine as a Mermaid stateDiagram-v2 generated from its definition')
    .addHelpText('after', '\nExit codes: 0 printed, 2 unknown machine or conflicting options.')
    .action(async (name: string | undefined, options) => setExitCode((await import('./machinesCommand.js')).machinesCommand(name, options)));

  program
    .command('run')
    .description('run one scenario and write reports/<scenario>/<variant>/<seed>/ (summary.json, report.md, report.html; <variant> names the non-default parameters and profile, or defaults) and refresh reports/index.html')
    .argument('<scenario>', 'scenario name (see `sim list`), or a scenario file (.yaml or .json; see `sim schema`)')
    .addOption(seedOption())
    .addOption(setOption())
    .addOption(profileOption())
    .addOption(faultOption())
    .addOption(new Option('--expect <threshold>', "a k6-style threshold (repeatable), e.g. 'requests.latencyMs.p99 < 500' or 'max(requests.failedPerSec over 10s) < 5'; add 'abortOnFail' [delayAbortEval=10s] to stop the run once it is crossed").argParser(collectList))
    .option('--json', 'print summary.json to stdout instead of the text summary')
    .option('--out <dir>', 'write the report into this directory (default reports/<scenario>/<variant>/<seed>)')
    .option('--force', 'replace an --out directory that holds something other than this run')
    .option('--trace', 'also write the full trace: trace.jsonl and trace.chrome.json (Perfetto: connections, TIME_WAIT, jobs and transactions as slices, hops as arrows)')
    .option('--trace-window <from..until>', "trace only this part of the run, e.g. '40s..60s' (implies --trace)")
    .option('--events-max <n>', 'stop after this many delivered events (default 50000000)')
    .option('--wall-seconds-max <n>', 'stop after this much wall time (default 600)')
    .option('--quiet', 'print nothing; the exit code and the report tell')
    .option('--swarm', 'draw the parameters not --set and a fault schedule from the seed (each parameter\'s swarm range); printed first and kept in summary.json')
    .addHelpText('after', '\nExit codes: 0 all expectations, invariants and the quiet phase hold, 1 something failed (or a threshold with abortOnFail stopped the run), 2 bad input.')
    .action(async (name: string, options) => setExitCode(await (await import('./runCommand.js')).runCommand(name, options)));

  program
    .command('sweep')
    .description('run a scenario for every seed of a range on worker threads; writes reports/sweeps/<scenario>/<time>/ (sweep.json, report.md, report.html)')
    .argument('<scenario>', 'scenario name (see `sim list`), or a scenario file (.yaml or .json; see `sim schema`): its parameters, faults and thresholds apply to every seed')
    .requiredOption('--seeds <first..last>', 'the seeds to run, e.g. 1..200')
    .option('--jobs <n>', 'worker threads (default: one per core)')
    .addOption(setOption())
    .addOption(faultOption())
    .addOption(profileOption())
    .option('--shard <i/n>', 'run only the i-th of n disjoint parts of the seeds (a batch runner\'s index); combine with `sim merge`')
    .option('--swarm', 'per seed, draw the parameters not --set and a fault schedule (as `sim run --swarm --seed N` does); sweep.json keeps each draw')
    .option('--until-coverage', 'stop drawing seeds once coverage of states and transitions stops growing')
    .option('--coverage-patience <n>', 'with --until-coverage: stop after this many seeds in a row reached nothing new', '50')
    .option('--out <dir>', 'write the report into this directory (default reports/sweeps/<scenario>/<time>)')
    .option('--json', 'print sweep.json to stdout instead of the text summary')
    .option('--quiet', 'print nothing; the exit code and the report tell')
    .option('--wall-seconds-max <n>', 'stop drawing seeds after this much wall time (the seeds not run fail the sweep)')
    .option('--run-wall-seconds-max <n>', 'bound each run\'s wall time (a run that overruns fails, with its reason)')
    .option('--events-max <n>', 'bound each run\'s delivered events (a run that overruns fails, with its reason)')
    .addHelpText('after', '\nExit codes: 0 every run passed and every declared sometimes/reachable assertion was seen, 1 something failed, 2 bad input.')
    .action(async (name: string, options) => {
      // The workers load their modules, and the scenario named if it is one, while this thread loads the command's (workerPool.ts).
      prestartSweepWorkers(prestartCount(options.jobs, options.seeds), name);
      setExitCode(await (await import('./sweepCommand.js')).sweepCommand(name, options));
    });

  program
    .command('merge')
    .description('combine the sweep.json files of a sweep\'s shards into the report of the whole sweep')
    .argument('<sweep...>', 'sweep.json files, or the folders that hold them')
    .option('--out <dir>', 'write the merged report into this directory (default reports/sweeps/<scenario>/<time>-merged)')
    .option('--json', 'print the merged sweep.json to stdout instead of the text summary')
    .option('--quiet', 'print nothing; the exit code and the report tell')
    .addHelpText('after', '\nExit codes: 0 the merged sweep passed, 1 it failed (a failing run, an assertion never seen, seeds of a missing shard), 2 bad input or files of different sweeps.')
    .action(async (paths: string[], options) => setExitCode(await (await import('./mergeCommand.js')).mergeCommand(paths, options)));

  program
    .command('compare')
    .description('the differences of every metric and expectation between two runs or two sweeps; writes reports/compare/<time>/')
    .argument('<before>', 'a run folder (summary.json) or a sweep folder (sweep.json), or the JSON file itself')
    .argument('<after>', 'the same kind as <before>')
    .option('--max-increase <metric=percent>', 'regression threshold: the metric may grow by at most this much (repeatable)', collectList)
    .option('--max-decrease <metric=percent>', 'regression threshold: the metric may fall by at most this much (repeatable)', collectList)
    .option('--out <dir>', 'write compare.md and compare.json into this directory (default reports/compare/<time>)')
    .option('--json', 'print compare.json to stdout instead of the text')
    .option('--quiet', 'print nothing; the exit code and the files tell')
    .addHelpText('after', '\nExit codes: 0 no threshold crossed, 1 a threshold crossed or an expectation that passed now fails, 2 bad input.')
    .action(async (before: string, after: string, options) => setExitCode(await (await import('./compareCommand.js')).compareCommand(before, after, options)));

  program
    .command('check-determinism')
    .description('run a scenario twice with one seed; compare trace hashes and name the first differing event')
    .argument('<scenario>', 'scenario name (see `sim list`)')
    .addOption(seedOption())
    .addOption(setOption())
    .addOption(profileOption())
    .addHelpText('after', '\nExit codes: 0 both runs gave the same trace, 1 they differ, 2 bad input.')
    .action(async (name: string, options) => setExitCode(await (await import('./checkDeterminismCommand.js')).checkDeterminismCommand(name, options)));
  const check = program.command('check').description('property checks over generated workloads and fault schedules');
  check
    .command('grab')
    .description("grab atomicity: no job held by two live workers, none lost, one reply per client (shrinks failures)")
    .addOption(new Option('--model <name>', 'the system: hub (Gearman), schwartz (TheSchwartz), naive (read-then-write grab)').default('hub'))
    .option('--runs <n>', 'generated cases to run', '100')
    .option('--seed <n>', "fast-check's seed", '1')
    .option('--mode <mode>', 'what happens to a lost worker\'s job: requeue (gearmand) or fail (2005 Perl server)', 'requeue')
    .option('--jobs <n>', "worker threads; with N > 1 part k of N runs about runs/N cases with fast-check seed seed+k (the replay token names the part's seed)", '1')
    .addHelpText('after', '\nExit codes: 0 the property held on every run, 1 a counterexample (printed with its replay token), 2 bad input.')
    .action(async (options) => setExitCode(await (await import('./checkGrabCommand.js')).checkGrabCommand(options)));

  program
    .command('replay')
    .description('re-run exactly the case a replay token names and write its report')
    .argument('<token>', 'a token printed by `sim check grab`, e.g. grab1.naive.requeue.42.3:0:1')
    .option('--out <dir>', 'write the report into this directory (default reports/replay/<model>-<mode>-<seed>)')
    .option('--force', 'replace an --out directory that holds something other than this case')
    .addHelpText('after', '\nExit codes: 0 the case now holds, 1 it still breaks the property, 2 bad input.')
    .action(async (token: string, options) => setExitCode(await (await import('./replayCommand.js')).replayCommand(token, options)));

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
    .option('--floor', 'no model: answer SUBMIT_JOB/GRAB_JOB/WORK_COMPLETE from a few maps with the same codec, the Node floor `sim perf jobhub --floor` measures (not a server to use)')
    .addHelpText('after', '\nExit codes: 0 stopped cleanly, 1 the hub failed, 2 bad input or the port is in use.')
    .action(async (options) => setExitCode(await (await import('./liveJobHubCommand.js')).liveJobHubCommand(options)));
  live
    .command('mogstored')
    .description('the storage node machine (mogstored) serving GET/HEAD/PUT/DELETE of <root>/dev<N>/<fid>.fid over HTTP/1.0 and 1.1 until SIGINT/SIGTERM')
    .requiredOption('--listen <host:port>', 'address to listen on, loopback unless told otherwise; port 0 for any free one')
    .requiredOption('--root <dir>', 'directory holding dev<N>/<fid>.fid files (PUT creates them)')
    .option('--files <n>', 'first create userpics 0..n-1 as <root>/dev<device>/<n>.fid (existing files are kept)', '0')
    .option('--device <n>', 'the device number the created userpics go to: storage node j of `sim live app --storage` holds dev<j+1>', '1')
    .option('--closer <who>', 'who closes a connection not kept alive: storage (right after the response, as mogstored; it keeps the TIME_WAIT) or proxy (waits for the client\'s FIN)', 'storage')
    .addHelpText('after', '\nPrints "listening on HOST:PORT" once bound. Exit codes: 0 stopped cleanly, 1 the machine failed, 2 bad input or the port is in use.')
    .action(async (options) => setExitCode(await (await import('./liveHttpCommands.js')).liveMogstoredCommand(options)));
  live
    .command('app')
    .description('the userpic web app: GET /userpic/<n> answers an empty 200 with X-REPROXY-URL of its storage copies, other paths a small page')
    .requiredOption('--listen <host:port>', 'address to listen on, loopback unless told otherwise; port 0 for any free one')
    .requiredOption('--storage <host:port,...>', 'storage nodes (sim live mogstored); userpic n is on node (n+r) mod count, device dev<node+1>, for each copy r')
    .option('--replicas <n>', 'URLs per userpic, each on its own node (default 2, or 1 with one node)')
    .addHelpText('after', '\nPrints "listening on HOST:PORT" once bound. Exit codes: 0 stopped cleanly, 1 the machine failed, 2 bad input or the port is in use.')
    .action(async (options) => setExitCode(await (await import('./liveHttpCommands.js')).liveAppCommand(options)));
  live
    .command('perlbal')
    .description('our Perlbal machine as a reverse proxy with reproxying, on real sockets and the real clock, until SIGINT/SIGTERM')
    .requiredOption('--listen <host:port>', 'address to listen on, loopback unless told otherwise; port 0 for any free one')
    .requiredOption('--pool <host:port,...>', 'backends, any HTTP servers; one is picked at random per new backend connection')
    .option('--reproxy <mode>', 'storage connections: close (a new connection per file, Perlbal before 1.01) or keepalive (reused, 1.01 and later)', 'keepalive')
    .option('--persist-client', 'keep client connections alive between requests (Perlbal persist_client)')
    .option('--persist-backend', 'keep backend connections for the next request (Perlbal persist_backend)')
    .option('--verify-backend', 'send OPTIONS * on a new backend connection first (Perlbal verify_backend)')
    .option('--seed <n>', 'seed of the random backend pick', '1')
    .addHelpText('after', '\nPrints "listening on HOST:PORT" once bound. Exit codes: 0 stopped cleanly, 1 the machine failed, 2 bad input or the port is in use.')
    .action(async (options) => setExitCode(await (await import('./liveHttpCommands.js')).livePerlbalCommand(options)));
  live
    .command('stack')
    .description('storage nodes, the userpic app and our Perlbal in one process: GET /userpic/<n> through the proxy, reproxied from storage')
    .requiredOption('--listen <host:port>', "the proxy's address, loopback unless told otherwise (the nodes and the app take free ports on the same host)")
    .option('--nodes <n>', 'storage nodes (sim live mogstored), each with every userpic on its own device', '2')
    .option('--files <n>', 'userpics 0..n-1 created on every node', '100')
    .option('--root <dir>', 'directory for the files (default a temporary one, removed at stop)')
    .option('--reproxy <mode>', 'close (a new storage connection per file) or keepalive', 'keepalive')
    .option('--closer <who>', 'storage or proxy: who closes a storage connection not kept alive, and so keeps its TIME_WAIT', 'storage')
    .option('--persist-client', 'Perlbal persist_client')
    .option('--persist-backend', 'Perlbal persist_backend')
    .addHelpText('after', '\nPrints "listening on HOST:PORT" (the proxy) once all are up. Exit codes: 0 stopped cleanly, 1 a machine failed, 2 bad input or the port is in use.')
    .action(async (options) => setExitCode(await (await import('./liveHttpCommands.js')).liveStackCommand(options)));

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
    .action(async (options) => setExitCode(await (await import('./loadCommand.js')).gearmanLoadCommand(options)));
  load
    .command('http')
    .description('HTTP load on a URL: the open model at a set arrival rate (--rate, --load), or autocannon\'s closed model (--connections)')
    .requiredOption('--url <url>', 'e.g. http://127.0.0.1:8080/')
    .option('--rate <n>', 'open model: requests per second, sent at their due times whatever the responses do; latency from the due time')
    .option('--load <shape>', "open model: a load shape instead of --rate, e.g. 'ramp 10/s to 100/s over 30s' (requests evenly spaced)")
    .option('--max-in-flight <n>', 'open model: requests open at once; one due beyond this is dropped and counted', '1000')
    .option('--timeout <time>', 'open model: a request without a complete response after this long fails as timeout', '10s')
    .option('--agent <policy>', 'open model: keepalive (reuse idle connections, open more when all are busy) or close (a new connection per request)', 'keepalive')
    .option('--progress', 'open model: a line on stderr when the schedule starts and after every second (ok, failed, dropped so far)')
    .option('--connections <n>', 'closed model (autocannon): concurrent connections, each sending its next request when the last came back (default 10)')
    .option('--pipelining <n>', 'closed model: requests in flight per connection', '1')
    .option('--duration <time>', 'measured window, e.g. 10s', '10s')
    .option('--json', 'print the result as JSON')
    .addHelpText('after', `\nLoad shapes (--load):\n  ${loadShapeForms.slice(0, 5).join('\n  ')}\nErrors are counted by kind: ECONNREFUSED, EADDRNOTAVAIL, ECONNRESET, timeout, status 5xx, status 4xx.\n\nExit codes: 0 responses without errors, 1 errors or nothing completed, 2 bad input.`)
    .action(async (options) => setExitCode(await (await import('./loadCommand.js')).httpLoadCommand(options)));

  program
    .command('reproduce')
    .description('an incident on the real kernel in a network namespace, then the simulator with the same settings; writes a calibration report (predicted vs measured)')
    .argument('<incident>', 'port-exhaustion')
    .option('--rate <n>', 'userpic requests per second (the open-model driver)', '50')
    .option('--duration <time>', 'how long the load runs, e.g. 90s', '90s')
    .option('--port-range <low-high>', "ip_local_port_range inside the namespace", '40000-40999')
    .option('--tw-reuse <n>', 'net.ipv4.tcp_tw_reuse inside the namespace: 0, 1, or 2 (everything there is loopback, so 2 acts as 1)', '0')
    .option('--reproxy <mode>', 'close (a new storage connection per file, the proxy closing first) or keepalive', 'close')
    .option('--peer <proxy>', 'ours (sim live perlbal) or perlbal (the real Perlbal 1.80 in its place)', 'ours')
    .option('--storage-nodes <n>', 'storage nodes (ports 7500, 7501, ...)', '1')
    .option('--backends <kind>', 'stand-in (a storage node that refuses keep-alive in close mode and lets the proxy close first, so even Perlbal 1.80 opens one connection per file) or live (sim live mogstored and sim live app; not calibrated yet, docs/calibration.md)', 'stand-in')
    .option('--out <dir>', 'write the report here (default reports/reproduce/<incident>/<time>)')
    .option('--json', 'print the figures ({ predicted, measured, errorPercent } each) as JSON')
    .option('--quiet', 'no progress lines')
    .addHelpText('after', '\nRuns as root only: it creates and removes a network namespace (ip netns), also when interrupted.\nFigures: first EADDRNOTAVAIL (onset), failure share, TIME_WAIT peak on the proxy, steady success rate.\n\nExit codes: 0 every figure within 5 %, 1 one is not, 2 bad input (not root, a program missing).')
    .action(async (incident: string, options) => setExitCode(await (await import('./reproduceCommand.js')).reproduceCommand(incident, options)));

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
    .option('--floor', 'also measure the Node floor (sim live jobhub --floor: same codec and sockets, no model) in the same rotation')
    .addHelpText('after', '\nExit codes: 0 report written (it says whether the aim was met), 2 bad input or gearmand missing.')
    .action(async (options) => setExitCode(await (await import('./perfJobHubCommand.js')).perfJobHubCommand(options)));

  program
    .command('profile')
    .description('profiler runs of live components')
    .command('jobhub')
    .description('clinic doctor or flame on the live hub under the Gearman load driver; keeps the HTML in reports/profile/jobhub/<time>/')
    .option('--tool <tool>', 'doctor or flame (bubbleprof hangs on this machine)', 'doctor')
    .option('--duration <time>', 'load duration', '10s')
    .option('--out <dir>', 'write into this directory instead')
    .addHelpText('after', '\nExit codes: 0 the clinic HTML was written, 2 bad input.')
    .action(async (options) => setExitCode(await (await import('./profileJobHubCommand.js')).profileJobHubCommand(options)));
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

/**
 * How many sweep workers to start before the command checks its arguments: what `--jobs`
 * asks (default one per core), at most one per core, since more would only share the cores
 * while starting, and at most one per seed; none when `--jobs` or `--seeds` is wrong (the
 * command then says what is wrong, before any seed runs).
 */
function prestartCount(jobs: string | undefined, seeds: string): number {
  const cores = availableParallelism();
  try {
    const asked = jobs === undefined ? cores : parseIntegerOption('--jobs', jobs, 1, sweepJobsMax);
    return Math.min(asked, cores, seedCount(parseSeedRange(seeds)));
  } catch {
    return 0;
  }
}
