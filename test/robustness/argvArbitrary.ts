import fc from 'fast-check';

/**
 * Argument vectors as an attacker or a careless user types them: real commands and flags
 * mixed with values that are wrong in every way the issue found (other number syntaxes,
 * huge numbers, prototype names, paths that are files or special, long or empty text).
 * Commands that serve or load until stopped (live, load, perf, profile) get only their
 * option checks: `--help` or values that are refused, never a valid server start.
 */
const nastyValues = [
  '', ' ', '0', '1', '-1', '+5', '5 ', '0b11', '0o7', '0x10', '1e3', '2.5', 'NaN', 'Infinity', '4294967296', '9'.repeat(400),
  'constructor=1', 'toString=2', 'valueOf=3', '__proto__=1', 'ratePerSec=0b11', 'ratePerSec=600', 'durationMs=2000', 'lockCostUs=0o7',
  'healAtMs=0b11', 'jobsPerSec=+5', 'ratePerSec=5 ', `ratePerSec=${'x'.repeat(100_000)}`, '/dev/null', '/proc/self/xx', 'a'.repeat(322),
  'out/ok', '../out-up', 'grab1.hub.requeue.1.0:99999', `grab1.hub.requeue.1.${'9'.repeat(400)}`, 'grab1.naive.requeue.1.3:0:1',
  'grab1.hub.fail.99999999999.1', `grab1.hub.requeue.1.${Array(20).fill(1).join(':')}`, '999.1.1.1', 'localhost', 'example.com',
  '10', '10s', '500ms', '-5s', 'ephemeral-ports', 'worker-crash', 'no-such', 'hub', 'naive', 'schwartz', 'requeue', 'fail', 'linux-2005',
];

const flags = ['--seed', '--set', '--profile', '--out', '--events-max', '--wall-seconds-max', '--runs', '--model', '--mode', '--host', '--port', '--duration', '--target', '--json', '--quiet', '--force', '--trace', '--help', '--bogus'];

const value = fc.constantFrom(...nastyValues);
const option = fc.oneof(fc.tuple(fc.constantFrom(...flags), value).map(([flag, text]) => [flag, text]), fc.constantFrom(...flags).map((flag) => [flag]));
const options = fc.array(option, { maxLength: 4 }).map((list) => list.flat());

/** Vectors for commands that finish on their own; a run is kept short by an events cap it cannot lift. */
const finishing = fc.oneof(
  fc.tuple(fc.constantFrom('ephemeral-ports', 'worker-crash', 'no-such', ''), options).map(([name, rest]) => ['run', name, ...rest, '--events-max', '3000']),
  fc.tuple(fc.constantFrom('no-such', ''), options).map(([name, rest]) => ['check-determinism', name, ...rest]),
  options.map((rest) => ['check', 'grab', ...rest.filter((text) => text !== '--runs'), '--runs', '2']),
  fc.tuple(value, options).map(([token, rest]) => ['replay', token, ...rest]),
  options.map((rest) => ['list', ...rest]),
  options.map((rest) => [...rest]),
);

/**
 * Vectors for serving commands, each with an unknown flag right after the command (where no
 * option can take it as its value), so commander refuses the vector and nothing serves.
 */
const serving = fc.tuple(
  fc.constantFrom(['live', 'jobhub'], ['load', 'gearman'], ['load', 'http'], ['perf', 'jobhub'], ['profile', 'jobhub']),
  options,
).map(([command, rest]) => [...command, '--bogus', ...rest]);

export const argvArbitrary: fc.Arbitrary<string[]> = fc.oneof({ weight: 4, arbitrary: finishing }, { weight: 1, arbitrary: serving });
