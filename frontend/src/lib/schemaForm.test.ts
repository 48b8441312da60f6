import { describe, expect, it } from 'vitest';
import { spec } from '../test/nodeSpecs';
import { acceptedCredentialTypes, formFields, isShown } from './schemaForm';
import { outputPorts } from './nodePorts';
import { paletteGroups } from './palette';
import { SPECS } from '../test/nodeSpecs';
import { autoLayout } from './layout';
import { docNodeToFlow } from './graphOps';
import { record, redo, undo } from './history';
import { fieldPaths } from './sampleFields';

describe('formFields', () => {
  it('picks widgets from UI hints and schema types', () => {
    const fields = formFields(spec('core.http.request'), { bodyMode: 'none' });
    const widgets = Object.fromEntries(fields.map((f) => [f.key, f.widget]));
    expect(widgets).toMatchObject({ method: 'select', url: 'jsonata', headers: 'keyValue', bodyMode: 'select' });
    expect(fields.find((f) => f.key === 'url')?.required).toBe(true);
    expect(fields.find((f) => f.key === 'method')?.options.map((o) => o.value)).toContain('POST');
  });

  it('hides fields whose showWhen does not hold', () => {
    const keys = (mode: string) => formFields(spec('core.http.request'), { bodyMode: mode }).map((f) => f.key);
    expect(keys('none')).not.toContain('json');
    expect(keys('json')).toContain('json');
    expect(keys('jsonata')).toContain('body');
    expect(isShown(undefined, {})).toBe(true);
  });

  it('uses labelled options from hints', () => {
    const mode = formFields(spec('core.jsonata.map'), {}).find((f) => f.key === 'mode');
    expect(mode?.options[0]).toEqual({ value: 'each', label: 'Each item on its own' });
  });

  it('reads the credential types a node accepts', () => {
    expect(acceptedCredentialTypes(spec('core.http.request'))).toEqual([
      'core.http.basic',
      'core.http.bearer',
      'core.http.header',
    ]);
    expect(acceptedCredentialTypes(spec('core.trigger.webhook'))).toEqual(['core.webhook.hmac']);
    expect(acceptedCredentialTypes(spec('core.jsonata.map'))).toEqual([]);
  });
});

describe('ports built from config', () => {
  it('gives a switch one output per rule, then its fallback and error ports', () => {
    const ports = outputPorts(spec('core.switch'), { rules: [{ name: 'paid' }, { name: 'open' }, { name: 'paid' }] });
    expect(ports.map((p) => p.name)).toEqual(['paid', 'open', 'fallback', 'error']);
  });
});

describe('palette', () => {
  it('groups by category with triggers first, and searches names and descriptions', () => {
    const groups = paletteGroups(SPECS);
    expect(groups[0]?.category).toBe('Triggers');
    expect(paletteGroups(SPECS, 'reshapes').flatMap((g) => g.specs.map((s) => s.typeId))).toEqual(['core.jsonata.map']);
    expect(paletteGroups(SPECS, 'nothing like this')).toEqual([]);
  });
});

describe('autoLayout', () => {
  it('places each node right of the one feeding it', () => {
    const nodes = ['a', 'b', 'c'].map((id) => docNodeToFlow({ id, type: 'core.set', typeVersion: 1 }));
    const laid = autoLayout(nodes, [
      { id: 'e1', source: 'a', target: 'b' },
      { id: 'e2', source: 'b', target: 'c' },
    ]);
    const x = Object.fromEntries(laid.map((n) => [n.id, n.position.x]));
    expect(x.a).toBeLessThan(x.b as number);
    expect(x.b).toBeLessThan(x.c as number);
  });
});

describe('history', () => {
  it('undoes and redoes, and a new edit clears what could be redone', () => {
    let history = record<number>({ past: [], future: [] }, 1);
    const back = undo(history, 2);
    expect(back?.present).toBe(1);
    const forward = redo(back!.history, 1);
    expect(forward?.present).toBe(2);
    history = record(back!.history, 1);
    expect(history.future).toEqual([]);
    expect(undo({ past: [], future: [] }, 0)).toBeNull();
  });
});

describe('fieldPaths', () => {
  it('lists the sample fields to complete, looking into arrays', () => {
    expect(fieldPaths({ order: { ref: 'x', lines: [{ sku: 'a' }] }, 'first name': 1 })).toEqual([
      'order',
      'order.ref',
      'order.lines',
      'order.lines.sku',
      '`first name`',
    ]);
  });
});
