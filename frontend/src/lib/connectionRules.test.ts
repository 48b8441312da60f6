import { describe, expect, it } from 'vitest';
import type { NodeSpec } from '../api/designer';
import { SPECS, spec } from '../test/nodeSpecs';
import { refusalReason, specLookup } from './connectionRules';
import type { CanvasEdge, CanvasNode } from './flowTypes';
import { docNodeToFlow } from './graphOps';
import { specKey } from './nodePorts';

const xmlSource: NodeSpec = {
  ...spec('core.jsonata.map'),
  typeId: 'test.xml.read',
  displayName: 'Read XML',
  outputs: [{ name: 'main', displayName: 'Document', dataType: 'xml', isError: false }],
};
const jsonTarget: NodeSpec = {
  ...spec('core.jsonata.map'),
  typeId: 'test.json.write',
  inputs: [{ name: 'main', displayName: 'Records', dataType: 'json', isError: false }],
};
const lookup = specLookup(new Map([...SPECS, xmlSource, jsonTarget].map((s) => [specKey(s.typeId, s.version), s])));

const node = (id: string, type: string): CanvasNode => docNodeToFlow({ id, type, typeVersion: 1, name: id });
const nodes = [
  node('hook', 'core.trigger.webhook'),
  node('map', 'core.jsonata.map'),
  node('call', 'core.http.request'),
  node('xml', 'test.xml.read'),
  node('json', 'test.json.write'),
];
const edge = (source: string, target: string): CanvasEdge => ({
  id: `${source}-${target}`,
  source,
  target,
  sourceHandle: 'main',
  targetHandle: 'main',
});
const connect = (source: string, target: string, edges: CanvasEdge[] = []) =>
  refusalReason({ source, sourceHandle: 'main', target, targetHandle: 'main' }, nodes, edges, lookup);

describe('refusalReason', () => {
  it('accepts ports whose data types fit', () => {
    expect(connect('hook', 'map')).toBeNull();
    expect(connect('xml', 'map')).toBeNull();
  });

  it('refuses ports whose data types differ, naming both', () => {
    expect(connect('xml', 'json')).toBe('“Document” gives xml but “Records” expects json.');
  });

  it('refuses an input on a trigger', () => {
    expect(connect('map', 'hook')).toMatch(/hook is a trigger/);
  });

  it('refuses a node feeding itself', () => {
    expect(connect('map', 'map')).toMatch(/itself/);
  });

  it('refuses the same connection twice', () => {
    expect(connect('hook', 'map', [edge('hook', 'map')])).toMatch(/already connected/);
  });

  it('refuses a loop', () => {
    expect(connect('call', 'map', [edge('hook', 'map'), edge('map', 'call')])).toMatch(/loop/);
  });

  it('refuses a port the node does not have', () => {
    const reason = refusalReason(
      { source: 'map', sourceHandle: 'nope', target: 'call', targetHandle: 'main' },
      nodes,
      [],
      lookup,
    );
    expect(reason).toMatch(/no longer exists/);
  });
});
