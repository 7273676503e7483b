import dagre from '@dagrejs/dagre';
import type { MachineCountsJson } from '../contract/machineCoverage.js';
import type { MachineShape } from '../contract/machineShape.js';
import { escapeHtml } from './escapeHtml.js';

const charWidthPx = 7;
const nodeHeightPx = 34;
const labelHeightPx = 14;

/**
 * A machine drawn as inline SVG (no network, no script): states as boxes, transitions as
 * arrows, laid out left to right by dagre (a well-kept layered-graph layout; writing one
 * would be a project of its own). With `counts`, each state shows how often it was
 * entered and each arrow how often it was taken in the run; what was never reached is
 * drawn faint, so a reader sees at a glance which paths the run exercised. Compound states
 * are drawn as states of their own, with a dashed arrow to the child they start in.
 */
export function machineDiagramSvg(shape: MachineShape, counts: MachineCountsJson | null): string {
  const graph = new dagre.graphlib.Graph({ multigraph: true });
  graph.setGraph({ rankdir: 'LR', nodesep: 18, ranksep: 60, marginx: 8, marginy: 8 });
  graph.setDefaultEdgeLabel(() => ({}));
  const taken = counts ? takenCounts(counts) : [];
  for (const state of shape.states) {
    const label = nodeLabel(state.name, state.type === 'atomic' || state.type === 'final' ? counts : null);
    graph.setNode(state.name, { width: Math.max(60, label.length * charWidthPx + 16), height: nodeHeightPx, label });
  }
  let index = 0;
  for (const transition of shape.transitions) {
    const label = edgeLabel(transition.event, counts ? timesTaken(taken, transition.source, transition.event, transition.target) : undefined);
    graph.setEdge(transition.source, transition.target, { label, width: label.length * 6, height: labelHeightPx, labelpos: 'c' }, `t${index++}`);
  }
  for (const state of shape.states) {
    if (state.initial) graph.setEdge(state.name, state.initial, { label: '', width: 0, height: 0, initial: true }, `i${index++}`);
  }
  dagre.layout(graph);
  const size = graph.graph();
  const parts: string[] = [];
  for (const edge of graph.edges()) parts.push(edgeSvg(graph.edge(edge) as EdgeLayout, counts));
  for (const state of shape.states) parts.push(nodeSvg(state.name, graph.node(state.name) as NodeLayout, state.name === shape.initial, counts));
  const width = Math.ceil(size.width ?? 0);
  const height = Math.ceil(size.height ?? 0);
  return `<svg xmlns="http://www.w3.org/2000/svg" class="machine" role="img" aria-label="${escapeHtml(shape.id)} statechart" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">
${parts.join('\n')}
</svg>`;
}

interface NodeLayout {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly label: string;
}

interface EdgeLayout {
  readonly points: readonly { x: number; y: number }[];
  readonly x?: number;
  readonly y?: number;
  readonly label: string;
  readonly initial?: boolean;
  readonly taken?: boolean;
}

function nodeLabel(name: string, counts: MachineCountsJson | null): string {
  const entered = counts?.states[name];
  return counts ? `${name} ×${entered ?? 0}` : name;
}

function edgeLabel(event: string, taken: number | undefined): string {
  return taken === undefined ? event : `${event} ×${taken}`;
}

function nodeSvg(name: string, node: NodeLayout, isInitial: boolean, counts: MachineCountsJson | null): string {
  const reached = counts === null || Object.entries(counts.states).some(([state, entered]) => entered > 0 && within(state, name));
  const x = node.x - node.width / 2;
  const y = node.y - node.height / 2;
  const stroke = isInitial ? '#1f5fa8' : '#555';
  return `<g opacity="${reached ? 1 : 0.35}"><rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${node.width}" height="${node.height}" rx="8" fill="${reached ? '#eef4fb' : '#fff'}" stroke="${stroke}" stroke-width="${isInitial ? 2 : 1}"/><text x="${node.x.toFixed(1)}" y="${(node.y + 4).toFixed(1)}" text-anchor="middle">${escapeHtml(node.label)}</text></g>`;
}

function edgeSvg(edge: EdgeLayout, counts: MachineCountsJson | null): string {
  const path = edge.points.map((point, i) => `${i === 0 ? 'M' : 'L'}${point.x.toFixed(1)},${point.y.toFixed(1)}`).join(' ');
  const taken = counts === null || edge.initial || /×[1-9]/.test(edge.label);
  const dash = edge.initial ? ' stroke-dasharray="4 3"' : '';
  const label = edge.label && edge.x !== undefined && edge.y !== undefined
    ? `<text x="${edge.x.toFixed(1)}" y="${(edge.y + 4).toFixed(1)}" text-anchor="middle" fill="#333">${escapeHtml(edge.label)}</text>`
    : '';
  return `<g opacity="${taken ? 1 : 0.35}"><path d="${path}" fill="none" stroke="#555"${dash}/>${arrowHead(edge.points)}${label}</g>`;
}

/** A filled arrowhead at the last point, along the last segment (no SVG marker: the page references nothing). */
function arrowHead(points: readonly { x: number; y: number }[]): string {
  const tip = points.at(-1);
  const from = points.at(-2);
  if (!tip || !from) return '';
  const angle = Math.atan2(tip.y - from.y, tip.x - from.x);
  const corner = (turn: number): string => `${(tip.x - 8 * Math.cos(angle + turn)).toFixed(1)},${(tip.y - 8 * Math.sin(angle + turn)).toFixed(1)}`;
  return `<polygon points="${tip.x.toFixed(1)},${tip.y.toFixed(1)} ${corner(0.4)} ${corner(-0.4)}" fill="#555"/>`;
}

/** True when `state` is `ancestor` or nested inside it (`proxying.wait_backend` in `proxying`). */
function within(state: string, ancestor: string): boolean {
  return state === ancestor || state.startsWith(`${ancestor}.`);
}

interface Taken {
  readonly source: string;
  readonly event: string;
  readonly target: string;
  readonly times: number;
}

/** The run's transition counts, parsed once from their `source --event--> target` keys. */
function takenCounts(counts: MachineCountsJson): Taken[] {
  return Object.entries(counts.transitions).flatMap(([key, times]) => {
    const match = /^(.*) --(.*)--> (.*)$/.exec(key);
    return match ? [{ source: match[1]!, event: match[2]!, target: match[3]!, times }] : [];
  });
}

/**
 * How often a drawn transition was taken. Coverage counts moves between the states an
 * entity was in (the innermost ones), so a transition the definition gives a compound
 * state sums the moves from any state inside it, into its target or any state inside that.
 */
function timesTaken(taken: readonly Taken[], source: string, event: string, target: string): number {
  let times = 0;
  for (const move of taken) if (move.event === event && within(move.source, source) && within(move.target, target)) times += move.times;
  return times;
}
