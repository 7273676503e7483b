import { rpcClientMachine, type RpcClientReport } from '../sim/models/rpc/rpcClient.js';
import { rpcServerMachine } from '../sim/models/rpc/rpcServer.js';
import { portsOutcome } from './portsOutcome.js';
import { connectPortsUsable, sustainableConnectsPerSec } from '../sim/net/portBudget.js';
import { SimProcess } from '../sim/net/simProcess.js';
import type { Expectation } from '../sim/scenario/expectation.js';
import { arrivalSchedule, loadParam, peakRatePerSec, startArrivals } from '../sim/scenario/arrivalSchedule.js';
import { choiceParam, enumParam, intParam, portRangeParam, type ParamValues } from '../sim/scenario/param.js';
import type { Profile } from '../sim/scenario/profile.js';
import { RequestLedger } from '../sim/scenario/requestLedger.js';
import { defineScenario } from '../sim/scenario/scenario.js';
import type { Fault } from '../sim/scenario/fault.js';

const serverPortBase = 8_000;

const params = {
  ratePerSec: intParam({ description: 'new connections (requests) per second', defaultValue: 600, min: 1, max: 100_000, swarm: { min: 100, max: 1_000, step: 100 } }),
  closer: enumParam({ description: 'which side closes first and keeps TIME_WAIT', values: ['client', 'server'], defaultValue: 'client', swarm: { choices: ['client', 'server'] } }),
  twReuse: choiceParam({
    description: 'net.ipv4.tcp_tw_reuse on the client: 0 off, 1 on, 2 loopback only',
    values: [0, 1, 2], defaultValue: (profile) => profile.tcp.twReuse,
    swarm: { choices: [0, 1] },
  }),
  portRange: portRangeParam({
    description: "the client's ip_local_port_range, low-high", defaultValue: (profile) => profile.tcp.portRange,
  }),
  load: loadParam('ramp 100/s to 900/s over 60s'),
  destinations: intParam({ description: 'server ip:port pairs the client spreads connections over', defaultValue: 1, min: 1, max: 64, swarm: { min: 1, max: 4 } }),
  durationMs: intParam({ description: 'simulated run length in ms', defaultValue: 600_000, min: 1_000, max: 86_400_000, swarm: { min: 30_000, max: 120_000, step: 30_000 } }),
};

/** Every parameter's value, as `build` and the helpers below receive them. */
type Values = ParamValues<typeof params>;

/** The prediction of DOMAIN.md §6 for these parameters, from the rules alone. */
function predict(values: Values, timeWaitMs: number) {
  const usable = connectPortsUsable(values.portRange);
  const boundPerSec = sustainableConnectsPerSec(values.portRange, values.destinations, timeWaitMs);
  const intervalMs = 1_000 / values.ratePerSec;
  // Only the client-closes-first case without tw_reuse keeps every (port, destination)
  // pair blocked for the whole TIME_WAIT: tw_reuse=2 applies to loopback only.
  const blocking = values.closer === 'client' && values.twReuse !== 1;
  const onsetMs = usable * values.destinations * intervalMs;
  // Ports run out only if the range is used up before the first TIME_WAIT ends, and before
  // the run does.
  const exhausts = blocking && onsetMs < timeWaitMs && onsetMs < values.durationMs;
  return { usable, boundPerSec, onsetMs, exhausts };
}

/** The sustained success rate is measured over at least this much steady state. */
const steadyWindowMs = 60_000;

/**
 * Mean successes per second once ports have run out and the first TIME_WAIT entries have
 * ended (onset + TIME_WAIT + one reap interval), over at least a minute; null otherwise.
 */
function steadyRate(okPerSec: readonly number[], flat: Record<string, number | null>, profile: Profile): number | null {
  const onsetMs = flat['client.tcp.firstEaddrnotavailMs'];
  if (onsetMs == null) return null;
  const steadyFromSample = Math.ceil((onsetMs + profile.tcp.timeWaitMs + profile.tcp.timeWaitReapIntervalMs) / 1_000);
  const window = okPerSec.slice(steadyFromSample);
  if (window.length * 1_000 < steadyWindowMs) return null;
  return window.reduce((sum, value) => sum + value, 0) / window.length;
}

export const ephemeralPorts = defineScenario({
  name: 'ephemeral-ports',
  summary: 'One new TCP connection per request to one server: where the client runs out of ephemeral ports',
  profile: 'linux-modern',
  params,
  durationMs: (values) => values.durationMs,
  build({ kernel, network, params: values, profile, metrics, series, invariant, processes, annotate, limit }) {
    const clientHost = network.addHost('client', '10.0.0.1', {
      ...profile.tcp, portRange: values.portRange, twReuse: values.twReuse,
    });
    const serverHost = network.addHost('server', '10.0.0.2', profile.tcp);
    const ports = Array.from({ length: values.destinations }, (_, index) => serverPortBase + index);
    processes.spawn(serverHost, 'server', () => new SimProcess(network, serverHost, 'server', rpcServerMachine, {
      ports, backlog: profile.tcp.backlogDefault, closer: values.closer,
    }));

    const ledger = new RequestLedger(metrics, 'requests', kernel);
    const onReport = (report: RpcClientReport): void => {
      switch (report.type) {
        case 'request.ok':
          ledger.succeed(ledger.tagOf(report.connId), kernel.nowUs);
          // The request ended: what comes later on the connection (the server's FIN) concerns
          // no request. Kept, the map held every connection of the run (279 000 at defaults).
          ledger.release(report.connId);
          return;
        case 'request.peerClosed':
          // After the response this is the normal end; before it, the request failed.
          ledger.failIfOpen(ledger.tagOf(report.connId), 'closedBeforeResponse');
          ledger.release(report.connId);
          return;
        case 'request.connectFailed':
          if (report.errno === 'EADDRNOTAVAIL') metrics.first('client.tcp.firstEaddrnotavailMs', kernel.nowUs / 1_000);
          ledger.fail(report.tag, report.errno);
          return;
        case 'request.aborted':
          ledger.fail(ledger.tagOf(report.connId), report.errno);
          ledger.release(report.connId);
          return;
      }
    };
    const client = new SimProcess(network, clientHost, 'client', rpcClientMachine, { closer: values.closer }, onReport);

    // The load generator is plain code (volume stays off actors: one kernel event per request,
    // no process of its own), round-robin over the destinations. At defaults request k starts
    // at exactly k / ratePerSec seconds, as in the measurements the scenario is checked
    // against; with `load` set, arrivals follow that shape (an open model, seeded).
    const endpoints = ports.map((port) => ({ ip: serverHost.ip, port }));
    startArrivals(kernel, arrivalSchedule(kernel, values.load, values.ratePerSec, values.durationMs), 'request', (tag) => {
      ledger.begin(tag, kernel.nowUs);
      const socket = client.connect(endpoints[tag % endpoints.length]!, tag);
      if (socket) ledger.carry(socket.connId, tag);
    });

    const usable = connectPortsUsable(values.portRange);
    const { boundPerSec } = predict(values, effectiveTimeWaitMs(profile));
    limit({ name: 'port budget', value: usable * values.destinations, unit: 'ports', source: 'docs/DOMAIN.md §6: the ephemeral range, per destination', chart: 'ports' });
    limit({ name: 'sustainable rate', value: boundPerSec, unit: '/s', source: 'docs/DOMAIN.md §6: usable ports × destinations / TIME_WAIT', chart: 'requests' });
    series.gauge('client.tcp.portsInUse', () => clientHost.ports.portsInUse(kernel.nowUs));
    series.gauge('client.tcp.timeWait', () => clientHost.ports.timeWaitCount(kernel.nowUs));
    series.gauge('server.tcp.timeWait', () => serverHost.ports.timeWaitCount(kernel.nowUs));
    series.perSecond('requests.okPerSec', () => ledger.ok);
    series.perSecond('requests.failedPerSec', () => ledger.failed);
    series.perSecond('client.tcp.eaddrnotavailPerSec', () => clientHost.counters.connectErrors.EADDRNOTAVAIL);
    invariant('ports in use never exceed the port range', () => {
      const inUse = clientHost.ports.portsInUse(kernel.nowUs);
      return inUse <= values.portRange.high - values.portRange.low + 1 ? null : `${inUse} ports in use, range holds ${usable}`;
    });
    invariant('no request ends twice', () => (ledger.endedTwice === 0 ? null : `${ledger.endedTwice} requests ended a second time`));

    return {
      finish() {
        metrics.declare('client.tcp.firstEaddrnotavailMs');
        const firstMs = metrics.get('client.tcp.firstEaddrnotavailMs');
        if (firstMs != null) annotate({ atMs: firstMs, kind: 'threshold', label: 'first EADDRNOTAVAIL' });
        ledger.flush();
        metrics.set('client.tcp.eaddrnotavail', clientHost.counters.connectErrors.EADDRNOTAVAIL);
        metrics.set('client.tcp.connectsOpened', clientHost.counters.connectsOpened);
        metrics.set('client.tcp.timeWaitMax', clientHost.ports.timeWaitMax);
        metrics.set('client.tcp.portsInUseMax', clientHost.ports.portsInUseMax);
        metrics.set('client.tcp.portsUsable', usable);
        metrics.set('server.tcp.timeWaitMax', serverHost.ports.timeWaitMax);
        metrics.set('server.tcp.timeWaitRecycled', serverHost.ports.timeWaitReused);
        metrics.set('requests.okPerSecSteady', steadyRate(series.values('requests.okPerSec'), metrics.flatten(), profile));
      },
    };
  },
  expectations(values, profile, faults) {
    return expectationsFor(values, profile, faults);
  },
  findings(values, metrics, _series, profile) {
    return findingsFor(values, metrics, profile);
  },
  charts: [
    { id: 'ports', title: 'Client ports in use and TIME_WAIT entries', yLabel: 'sockets', series: ['client.tcp.portsInUse', 'client.tcp.timeWait', 'server.tcp.timeWait'] },
    { id: 'requests', title: 'Requests per second', yLabel: 'per second', series: ['requests.okPerSec', 'requests.failedPerSec'] },
    { id: 'errors', title: 'connect() errors per second', yLabel: 'EADDRNOTAVAIL / s', series: ['client.tcp.eaddrnotavailPerSec'] },
  ],
  headlines: [
    { metric: 'requests.failed', label: 'failed requests' },
    { metric: 'client.tcp.portsInUseMax', label: 'port peak', unit: 'ports' },
    { metric: 'client.tcp.firstEaddrnotavailMs', label: 'first EADDRNOTAVAIL', unit: 'ms' },
    { metric: 'requests.okPerSecSteady', label: 'steady successes', unit: '/s' },
  ],
  outcome: (_values, metrics) => portsOutcome(metrics['client.tcp.firstEaddrnotavailMs'] ?? null),
});


/**
 * TIME_WAIT as the port budget sees it. A port comes back at the first reap after its
 * 60 s, and under exhaustion the freed ports are reused in a burst right after each reap,
 * so the cycle is `timeWaitMs` plus one reap interval: DOMAIN.md §6, "with an effective
 * 62.048 s the rule predicts the measured 2146 / 1104".
 */
function effectiveTimeWaitMs(profile: Profile): number {
  return profile.tcp.timeWaitMs + profile.tcp.timeWaitReapIntervalMs;
}

function expectationsFor(values: Values, profile: Profile, faults: readonly Fault[]): Expectation[] {
  const timeWaitMs = effectiveTimeWaitMs(profile);
  const prediction = predict(values, timeWaitMs);
  // A fault the user asked for (the server down, a lossy path) is an expected outage: requests
  // may wait out SYN retransmissions past the end, and the port rules assume a healthy path.
  // What holds for any fault: the client never uses more ports than its range.
  if (faults.some((fault) => fault.atMs < values.durationMs)) {
    return [{ name: 'the client never holds more ports than its range', metric: 'client.tcp.portsInUseMax', op: '<=', threshold: values.portRange.high - values.portRange.low + 1 }];
  }
  const peakPerSec = peakRatePerSec(values.load, values.ratePerSec);
  const expectations: Expectation[] = [
    { name: 'every request ends (ok or failed) by the end of the run', metric: 'requests.inFlightAtEnd', op: '<=', threshold: Math.ceil(peakPerSec / 10) },
  ];
  // The port-budget predictions assume an even constant rate: a shaped load is judged by its thresholds only.
  if (values.load !== '') return expectations;
  if (!prediction.exhausts) {
    return [
      ...expectations,
      { name: 'no connect() fails: the port budget is never used up', metric: 'client.tcp.eaddrnotavail', op: '==', threshold: 0 },
      { name: 'no EADDRNOTAVAIL, so no onset', metric: 'client.tcp.firstEaddrnotavailMs', op: 'null', threshold: null },
    ];
  }
  expectations.push(
    { name: 'ports run out once every usable port is in TIME_WAIT', metric: 'client.tcp.firstEaddrnotavailMs', op: '~', threshold: prediction.onsetMs, tolerancePct: 1 },
    { name: 'every usable ephemeral port gets used', metric: 'client.tcp.portsInUseMax', op: '==', threshold: prediction.usable },
  );
  const steadyFromMs = prediction.onsetMs + profile.tcp.timeWaitMs + profile.tcp.timeWaitReapIntervalMs;
  if (values.durationMs - Math.ceil(steadyFromMs / 1_000) * 1_000 >= steadyWindowMs) {
    expectations.push({
      name: 'successes settle at the TIME_WAIT bound (usable ports x destinations / TIME_WAIT)',
      metric: 'requests.okPerSecSteady', op: '~', threshold: Math.min(values.ratePerSec, prediction.boundPerSec), tolerancePct: 3,
    });
  }
  return expectations;
}

function findingsFor(values: Values, metrics: Readonly<Record<string, number | null>>, profile: Profile): string[] {
  const timeWaitMs = effectiveTimeWaitMs(profile);
  const prediction = predict(values, timeWaitMs);
  const reaping = profile.tcp.timeWaitReapIntervalMs > 0
    ? ` (${profile.tcp.timeWaitMs / 1_000} s of TIME_WAIT plus up to ${profile.tcp.timeWaitReapIntervalMs / 1_000} s until the reaper frees it)`
    : '';
  const ok = metrics['requests.ok'] ?? 0;
  const failed = metrics['requests.failed'] ?? 0;
  const attempted = metrics['requests.attempted'] ?? 0;
  const onsetMs = metrics['client.tcp.firstEaddrnotavailMs'] ?? null;
  const lines = [
    `The client opened ${values.load === '' ? `${values.ratePerSec} connections per second` : `connections at the load shape "${values.load}" (${attempted} in all)`} to ${values.destinations} server ip:port pair(s); ` +
      `${values.closer === 'client' ? 'the client closes first, so the client keeps each TIME_WAIT' : 'the server closes first, so TIME_WAIT stays on the server and the client port is free as soon as the close completes'}. ` +
      `With ${prediction.usable} usable ports, each held ${(timeWaitMs / 1_000).toFixed(3)} s after its close${reaping}, the client sustains at most ${prediction.boundPerSec.toFixed(0)} new connections per second over its ${values.destinations} destination(s) (DOMAIN.md §6).`,
  ];
  if (onsetMs !== null) {
    const pct = attempted > 0 ? ((100 * failed) / attempted).toFixed(1) : '0';
    lines.push(
      `Ports ran out at ${(onsetMs / 1_000).toFixed(2)} s: every usable port was held by an open connection or a TIME_WAIT entry for the same destination, ` +
        `so connect() failed with EADDRNOTAVAIL. ${failed} of ${attempted} requests failed (${pct} %).`,
    );
    const steady = metrics['requests.okPerSecSteady'] ?? null;
    if (steady !== null) lines.push(
      `Once the first TIME_WAIT entries ended, successes ran at ${steady.toFixed(1)} per second against ${values.load === '' ? values.ratePerSec : 'the shaped load'} attempted: a port comes back only when its TIME_WAIT ends, so the rate is the port budget, not the load.`,
    );
  } else {
    lines.push(
      `No connect() failed: ${ok} of ${attempted} requests succeeded. Client TIME_WAIT peaked at ${metrics['client.tcp.timeWaitMax']}, server TIME_WAIT at ${metrics['server.tcp.timeWaitMax']}` +
        `${values.closer === 'server' ? `, with ${metrics['server.tcp.timeWaitRecycled']} server TIME_WAIT entries recycled by a new SYN on the same 4-tuple` : ''}.`,
    );
  }
  return lines;
}
