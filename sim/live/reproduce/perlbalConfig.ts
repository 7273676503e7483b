/**
 * A Perlbal 1.80 configuration for the reproduction: one `reverse_proxy` service in front
 * of the app pool with reproxying on (Perlbal's `conf/` examples and `Service.pm` name
 * these settings). Clients keep their connections (persist_client), the proxy opens a new
 * one to the app per request (persist_backend off), as the 2005 deployment did.
 */
export function perlbalConfig(listen: string, appPool: readonly string[]): string {
  return [
    'CREATE POOL apps',
    ...appPool.map((member) => `  POOL apps ADD ${member}`),
    'CREATE SERVICE proxy',
    '  SET role = reverse_proxy',
    `  SET listen = ${listen}`,
    '  SET pool = apps',
    '  SET enable_reproxy = on',
    '  SET persist_client = on',
    '  SET persist_backend = off',
    '  SET verify_backend = off',
    'ENABLE proxy',
    '',
  ].join('\n');
}
