// The ports a node shows: its type's declared ports, plus ports built from config (a switch's rules).
import type { NodeSpec, PortSpec } from '../api/designer';

interface OutputsFrom {
  field: string;
  portField: string;
  fallbackPort?: string;
}

function outputsFrom(spec: NodeSpec): OutputsFrom | null {
  const hint = spec.ui?.outputsFrom;
  if (!hint || typeof hint.field !== 'string' || typeof hint.portField !== 'string') return null;
  return hint as unknown as OutputsFrom;
}

export function inputPorts(spec: NodeSpec | undefined): PortSpec[] {
  return spec?.inputs ?? [];
}

export function outputPorts(spec: NodeSpec | undefined, config: Record<string, unknown> = {}): PortSpec[] {
  if (!spec) return [];
  const built = outputsFrom(spec);
  if (!built) return spec.outputs;
  const rows = Array.isArray(config[built.field]) ? (config[built.field] as unknown[]) : [];
  const names = new Set<string>();
  const ports: PortSpec[] = [];
  for (const row of rows) {
    const name = typeof row === 'object' && row ? (row as Record<string, unknown>)[built.portField] : undefined;
    if (typeof name === 'string' && name && !names.has(name)) {
      names.add(name);
      ports.push({ name, displayName: name, dataType: 'any', isError: false });
    }
  }
  for (const port of spec.outputs) {
    if (!names.has(port.name)) ports.push(port);
  }
  return ports;
}

export function specKey(typeId: string, version: number): string {
  return `${typeId}@${version}`;
}
