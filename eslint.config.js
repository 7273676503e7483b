// Lint: typescript-eslint's recommended rules everywhere, and in sim/ the determinism rule
// of docs/STYLE.md: nothing reads the wall clock or Math.random, and nothing schedules real
// timers, except sim/kernel/determinism.ts, which replaces them during a run.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const wallClockMessage = 'sim/ is deterministic: use the kernel clock (kernel.nowUs) or a seeded stream (kernel.stream(name)).';

export default tseslint.config(
  { ignores: ['node_modules/**', 'reports/**', '.clinic/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['bin/**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
  {
    files: ['sim/**/*.ts'],
    // sim/live/ serves real sockets on the real clock (DESIGN.md "Live layer"): it needs
    // timers for batching and timeouts and wall time for latency, and it never runs inside
    // the simulator (it must not import sim/kernel), so the determinism rule does not apply.
    ignores: ['sim/kernel/determinism.ts', 'sim/live/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: wallClockMessage },
        { object: 'Date', property: 'now', message: wallClockMessage },
        { object: 'performance', property: 'now', message: wallClockMessage },
        { object: 'globalThis', property: 'setTimeout', message: wallClockMessage },
        { object: 'globalThis', property: 'setInterval', message: wallClockMessage },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'setTimeout', message: wallClockMessage },
        { name: 'setInterval', message: wallClockMessage },
        { name: 'setImmediate', message: wallClockMessage },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date']", message: wallClockMessage },
        { selector: "CallExpression[callee.name='Date']", message: wallClockMessage },
        { selector: "ImportDeclaration[source.value='node:timers']", message: wallClockMessage },
        { selector: "ImportDeclaration[source.value='node:perf_hooks']", message: wallClockMessage },
      ],
    },
  },
  ...layerRules(),
);

/**
 * The layers of the simulator, each with the layers it must never import: imports point
 * down (contract, kernel, net, models, check, report, scenario, sweep, cli), a model never knows
 * its host or who judges it, the live layer runs on the real clock without the kernel, and
 * the report renders data without knowing the models (docs/DESIGN.md, "Layers").
 */
function layerRules() {
  const never = {
    contract: ['kernel', 'net', 'models', 'topology', 'check', 'report', 'scenario', 'sweep', 'cli', 'live'],
    kernel: ['net', 'models', 'topology', 'check', 'report', 'scenario', 'sweep', 'cli', 'live'],
    net: ['models', 'topology', 'check', 'report', 'scenario', 'sweep', 'cli', 'live'],
    models: ['topology', 'check', 'report', 'scenario', 'sweep', 'cli', 'live'],
    live: ['kernel', 'net', 'topology', 'check', 'scenario', 'sweep', 'cli'],
    report: ['models', 'topology', 'check', 'scenario', 'sweep', 'cli', 'live'],
    check: ['sweep', 'cli', 'live'],
    topology: ['check', 'scenario', 'sweep', 'cli', 'live'],
    scenario: ['sweep', 'cli', 'live'],
    // Sweeps run scenarios on worker threads and judge them across runs; the CLI starts them.
    sweep: ['cli', 'live'],
  };
  return Object.entries(never).map(([layer, forbidden]) => ({
    files: [`sim/${layer}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: forbidden.map((other) => ({
            group: [`**/${other}/*`, `**/${other}/**`],
            message: `sim/${layer} must not import sim/${other}: imports point down the layers (contract, kernel, net, models, check, report, scenario, sweep, cli).`,
          })),
        },
      ],
    },
  }));
}
