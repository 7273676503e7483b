/**
 * True when a `sim run` argument names a file rather than a scenario. Apart from
 * scenarioFile.ts so that a command can tell without loading the file parser (yaml, zod).
 */
export function isScenarioFilePath(argument: string): boolean {
  return /\.(ya?ml|json)$/i.test(argument) || argument.includes('/');
}
