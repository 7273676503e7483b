/** Words that read better as the real system spells them. */
const spelled: Readonly<Record<string, string>> = {
  timeWait: 'TIME_WAIT', eaddrnotavail: 'EADDRNOTAVAIL', tcp: '', ndb: 'NDB', http: 'HTTP', txn: 'transactions',
};

/**
 * A series' metric id in words with its unit, for a legend: `proxy.tcp.portsInUse` →
 * `proxy: ports in use`, `requests.okPerSec` → `requests: ok /s`,
 * `http.latencyMsMean` → `HTTP: latency mean (ms)`. The id itself stays in the tables.
 */
export function seriesLabel(metricId: string): string {
  const parts = metricId.split('.').filter((part) => spelled[part] !== '');
  const last = parts.pop() ?? metricId;
  const prefix = parts.map((part) => spelled[part] ?? part).join(' ');
  let unit = '';
  let name = last;
  if (name.endsWith('PerSec')) [name, unit] = [name.slice(0, -'PerSec'.length), ' /s'];
  const ms = /Ms(?=[A-Z]|$)/.exec(name);
  if (ms) [name, unit] = [name.replace(/Ms(?=[A-Z]|$)/, ''), `${unit} (ms)`];
  const words = spelled[name] ?? name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().replace(/time wait/g, 'TIME_WAIT').replace(/eaddrnotavail/g, 'EADDRNOTAVAIL');
  return `${prefix ? `${prefix}: ` : ''}${words}${unit}`;
}
