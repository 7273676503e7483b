import type { NdbFaults } from './ndbFaults.js';

/**
 * NDB's survivor rule, written again on purpose apart from the model
 * (sim/models/ndb/survivorVerdict.ts), so that a checker does not share the model's bugs.
 */
export function classifySurvivors(survivors: ReadonlySet<number>, dataNodes: number, replicas: number): 'win' | 'lose' | 'partitioning' {
  let complete = false;
  for (let first = 1; first <= dataNodes; first += replicas) {
    let alive = 0;
    for (let id = first; id < first + replicas; id++) if (survivors.has(id)) alive++;
    if (alive === 0) return 'lose';
    if (alive === replicas) complete = true;
  }
  return complete ? 'win' : 'partitioning';
}

/** What the rule predicts for a fault schedule. */
export interface NdbOutcome {
  /**
   * The cluster runs at the end: some set of nodes carried on. Null when it depends on a
   * race (which side of a split reached the arbitrator first) that later faults make matter.
   */
  readonly running: boolean | null;
  /** 0 arbitration never needed, 1 some request granted, 2 asked and never granted. */
  readonly arbitration: 0 | 1 | 2;
  /**
   * Data nodes running at the end, or null when the rule leaves it to a race: two sides of a
   * split both reach the arbitrator, and the first to ask lives (MySQL Cluster manual).
   */
  readonly survivors: readonly number[] | null;
  /** The sides that could be the survivors when `survivors` is null. */
  readonly candidates: readonly (readonly number[])[];
}

interface RuleState {
  everGranted: boolean;
  alive: Set<number>;
  running: boolean;
  arbitratorUp: boolean;
  granted: Set<number> | null;
  asked: boolean;
}

/** The arbitrator grants the first request, then only requests from within the granted side. */
function arbitrate(state: RuleState, side: ReadonlySet<number>, reachable: boolean): boolean {
  state.asked = true;
  if (!reachable || !state.arbitratorUp) return false;
  if (state.granted !== null && ![...side].every((id) => state.granted?.has(id))) return false;
  state.granted = new Set(side);
  state.everGranted = true;
  return true;
}

/**
 * Only side a → side b is cut: side b stops hearing side a and declares it dead; side a
 * still hears b, so it learns of that from b's failure report and shuts down. Side b
 * carries on as the rule says, asking the arbitrator when partitioning (the answer comes
 * back only if the arbitrator is not on side a).
 */
function oneWaySplit(state: RuleState, sideA: ReadonlySet<number>, sideB: ReadonlySet<number>, reachable: boolean, dataNodes: number, replicas: number): void {
  if (sideA.size === 0 || sideB.size === 0) return;
  const verdict = classifySurvivors(sideB, dataNodes, replicas);
  const lives = verdict === 'win' || (verdict === 'partitioning' && arbitrate(state, sideB, reachable));
  state.alive = lives ? new Set(sideB) : new Set();
  state.running = lives;
}

/**
 * The outcome NDB's survivor rule gives for a schedule of kills, then a partition, then restarts,
 * each far enough apart that the cluster settles between them (detection plus arbitration).
 * Kills at one instant are one failure. Restarted nodes rejoin when their group still has a
 * running node and no partition stands between them and it (a running node restarted is
 * its failure first).
 */
export function predictNdbOutcome(faults: NdbFaults, dataNodes: number, replicas: number): NdbOutcome {
  const partition = faults.partition;
  /** Whether a cut stands at `atMs`. */
  const cutAt = (atMs: number): boolean => partition !== null && partition.atMs <= atMs && (partition.healAtMs === null || partition.healAtMs > atMs);
  /**
   * Whether the arbitrator's answer reaches `side` while the cut stands: it must share their
   * side, or sit on neither; across a one-way cut the request and the answer both must pass.
   */
  const answers = (side: ReadonlySet<number>, atMs: number): boolean => {
    if (!cutAt(atMs) || partition === null || partition.arbitrator === 'both') return true;
    const onA = [...side].every((id) => partition.sideA.includes(id));
    const onB = [...side].every((id) => partition.sideB.includes(id));
    return partition.arbitrator === 'a' ? onA : onB;
  };
  let state: RuleState = {
    alive: new Set(Array.from({ length: dataNodes }, (_, index) => index + 1)),
    running: true, arbitratorUp: true, granted: null, asked: false, everGranted: false,
  };
  /** A step returns the sides of a split when both may have won it (a race), else nothing. */
  const steps: { atMs: number; order: number; run: () => number[][] | void }[] = [];
  if (faults.kill.length > 0 || faults.killArbitrator) {
    steps.push({ atMs: faults.killAtMs, order: 0, run: () => {
      if (faults.killArbitrator) state.arbitratorUp = false;
      // Killing a node that is down already (crashed, or shut down by an earlier verdict) fails nothing.
      const dying = faults.kill.filter((id) => state.alive.has(id));
      if (dying.length === 0 || !state.running) return;
      for (const id of dying) state.alive.delete(id);
      const verdict = classifySurvivors(state.alive, dataNodes, replicas);
      if (verdict === 'lose' || (verdict === 'partitioning' && !arbitrate(state, state.alive, answers(state.alive, faults.killAtMs)))) state.running = false;
    } });
  }
  if (partition) {
    steps.push({ atMs: partition.atMs, order: 1, run: () => {
      if (!state.running) return;
      const sides = [partition.sideA, partition.sideB].map((side) => new Set(side.filter((id) => state.alive.has(id))));
      // Every running node on one side: no running node loses another, so nothing happens.
      if (sides.some((side) => side.size === 0)) return;
      if (partition.oneWay) {
        oneWaySplit(state, sides[0] as Set<number>, sides[1] as Set<number>, partition.arbitrator !== 'a', dataNodes, replicas);
        return;
      }
      const reach = [partition.arbitrator !== 'b', partition.arbitrator !== 'a'];
      const verdicts = sides.map((side) => (side.size === 0 ? 'lose' : classifySurvivors(side, dataNodes, replicas)));
      const lives = verdicts.map((verdict) => verdict === 'win');
      const asking = [0, 1].filter((index) => verdicts[index] === 'partitioning');
      const reaching = asking.filter((index) => reach[index] && state.arbitratorUp);
      if (asking.length > 0) state.asked = true;
      if (reaching.length === 2) {
        // Both sides reach it: whichever asks first lives, the other is refused.
        const grantable = reaching.filter((index) => state.granted === null || [...(sides[index] as Set<number>)].every((id) => state.granted?.has(id)));
        if (grantable.length === 2) return grantable.map((index) => [...(sides[index] as Set<number>)].sort((x, y) => x - y));
        else if (grantable.length === 1) {
          lives[grantable[0] as number] = arbitrate(state, sides[grantable[0] as number] as Set<number>, true);
        }
      } else if (reaching.length === 1) {
        const index = reaching[0] as number;
        lives[index] = arbitrate(state, sides[index] as Set<number>, true);
      }
      state.alive = new Set([...sides.flatMap((side, index) => (lives[index] ? [...side] : []))]);
      state.running = state.alive.size > 0;
    } });
  }
  if (faults.restart.length > 0) {
    steps.push({ atMs: faults.restartAtMs, order: 2, run: () => {
      if (!state.running) return;
      // A running node restarted is killed first: the others see it fail (its new incarnation says hello).
      const running = faults.restart.filter((id) => state.alive.has(id));
      if (running.length > 0) {
        for (const id of running) state.alive.delete(id);
        const verdict = classifySurvivors(state.alive, dataNodes, replicas);
        if (verdict === 'lose' || (verdict === 'partitioning' && !arbitrate(state, state.alive, answers(state.alive, faults.restartAtMs)))) state.running = false;
        if (!state.running) return;
      }
      const cut = cutAt(faults.restartAtMs);
      for (const id of faults.restart) {
        if (state.alive.has(id)) continue;
        // Across a standing cut, only a running peer on the node's own side can take it in.
        const reachable = (peer: number): boolean => !cut || partition === null || partition.sideA.includes(peer) === partition.sideA.includes(id);
        const first = Math.floor((id - 1) / replicas) * replicas + 1;
        const groupAlive = Array.from({ length: replicas }, (_, index) => first + index).some((peer) => state.alive.has(peer) && reachable(peer));
        if (!groupAlive) continue;
        state.alive.add(id);
        state.granted = null;
      }
    } });
  }
  steps.sort((x, y) => x.atMs - y.atMs || x.order - y.order);
  // Runs the steps from `first` on; after a race, the rest runs once for each side that may have won.
  const runFrom = (first: number): NdbOutcome => {
    for (let index = first; index < steps.length; index++) {
      const sides = steps[index]!.run();
      if (!sides) continue;
      const before = state;
      const outcomes = sides.map((side) => {
        state = { ...before, alive: new Set(side), granted: new Set(side), running: true, asked: true, everGranted: true };
        return runFrom(index + 1);
      });
      state = before;
      return mergeOutcomes(outcomes);
    }
    const arbitration = state.everGranted ? 1 : state.asked ? 2 : 0;
    return { running: state.running, arbitration, survivors: state.running ? [...state.alive].sort((x, y) => x - y) : [], candidates: [] };
  };
  return runFrom(0);
}

/** What is sure across the ways a race could have gone: shared values stay, the rest is open. */
function mergeOutcomes(outcomes: readonly NdbOutcome[]): NdbOutcome {
  const running = outcomes.every((outcome) => outcome.running === outcomes[0]!.running) ? outcomes[0]!.running : null;
  const arbitration = Math.max(...outcomes.map((outcome) => outcome.arbitration)) as 0 | 1 | 2;
  const candidates = outcomes.filter((outcome) => outcome.running !== false)
    .flatMap((outcome) => (outcome.survivors ? [outcome.survivors] : outcome.candidates));
  return { running, arbitration, survivors: running === false ? [] : null, candidates };
}
