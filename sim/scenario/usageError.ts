/**
 * Bad input from a user (an unknown scenario, a bad --set value): the CLI prints the
 * message and exits with code 2. The message names what was wrong and what is allowed.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
