import { setup } from 'xstate';
import { describe, expect, it } from 'vitest';
import { machineShape } from '../../sim/contract/machineShape.js';
import { machineDiagramSvg } from '../../sim/report/machineDiagramSvg.js';
import { machineMermaid } from '../../sim/report/machineMermaid.js';

const connectionMachine = setup({
  types: { events: {} as { type: 'tcp.connected' } | { type: 'tcp.aborted' } | { type: 'send' } },
  guards: { idempotent: () => true },
  delays: { connectTimeout: 5_000 },
}).createMachine({
  id: 'connection',
  initial: 'connecting',
  states: {
    connecting: { on: { 'tcp.connected': 'open', 'tcp.aborted': 'closed' }, after: { connectTimeout: 'closed' } },
    open: {
      initial: 'idle',
      states: { idle: { on: { send: { target: 'busy', guard: 'idempotent' } } }, busy: { after: { 100: 'idle' } } },
      on: { 'tcp.aborted': 'closed' },
    },
    closed: { type: 'final' },
  },
});

describe('machineShape', () => {
  const shape = machineShape(connectionMachine);

  it('reads every state of the definition with its nesting', () => {
    expect(shape.initial).toBe('connecting');
    expect(shape.states.map((state) => [state.name, state.type, state.parent])).toEqual([
      ['connecting', 'atomic', null],
      ['open', 'compound', null],
      ['open.idle', 'atomic', 'open'],
      ['open.busy', 'atomic', 'open'],
      ['closed', 'final', null],
    ]);
    expect(shape.states[1]!.initial).toBe('open.idle');
  });

  it('reads events, delays and guards of every transition', () => {
    const edges = shape.transitions.map((t) => `${t.source} -${t.event}${t.guard ? `[${t.guard}]` : ''}-> ${t.target}`);
    expect(edges).toEqual(expect.arrayContaining([
      'connecting -tcp.connected-> open',
      'connecting -after connectTimeout-> closed',
      'open -tcp.aborted-> closed',
      'open.idle -send[idempotent]-> open.busy',
      'open.busy -after 100ms-> open.idle',
    ]));
    expect(edges).toHaveLength(6);
  });

  it('prints a Mermaid stateDiagram-v2 with composite states, initial and final markers', () => {
    const mermaid = machineMermaid(shape);
    expect(mermaid.split('\n')[0]).toBe('stateDiagram-v2');
    expect(mermaid).toContain('[*] --> connecting');
    expect(mermaid).toContain('state open {');
    expect(mermaid).toContain('[*] --> open__idle');
    expect(mermaid).toContain('closed --> [*]');
    expect(mermaid).toContain('open__idle --> open__busy: send [idempotent]');
  });

  it('draws an inline SVG with counts, faint where the run never went', () => {
    const svg = machineDiagramSvg(shape, {
      states: { connecting: 4, open: 3, 'open.idle': 3 },
      transitions: { 'connecting --tcp.connected--> open': 3 },
    });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('connecting ×4');
    expect(svg).toContain('tcp.connected ×3');
    expect(svg).toContain('closed ×0');
    expect(svg).toMatch(/<g opacity="0.35"><rect[^>]*\/><text[^>]*>closed ×0/);
    expect(svg).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
  });
});
