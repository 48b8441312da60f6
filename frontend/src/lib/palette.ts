// The palette's content: the newest version of each node type, searched and grouped by category.
import type { NodeSpec } from '../api/designer';

export interface PaletteGroup {
  category: string;
  specs: NodeSpec[];
}

const FIRST = ['Triggers'];

export function latestVersions(specs: NodeSpec[]): NodeSpec[] {
  const latest = new Map<string, NodeSpec>();
  for (const spec of specs) {
    const seen = latest.get(spec.typeId);
    if (!seen || seen.version < spec.version) latest.set(spec.typeId, spec);
  }
  return [...latest.values()];
}

export function matches(spec: NodeSpec, query: string): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const text = `${spec.displayName} ${spec.description} ${spec.typeId} ${spec.category}`.toLowerCase();
  return words.every((w) => text.includes(w));
}

/** Triggers first, then categories alphabetically; node types by display name within each. */
export function paletteGroups(specs: NodeSpec[], query = ''): PaletteGroup[] {
  const groups = new Map<string, NodeSpec[]>();
  for (const spec of latestVersions(specs)) {
    if (!matches(spec, query)) continue;
    groups.set(spec.category, [...(groups.get(spec.category) ?? []), spec]);
  }
  const rank = (c: string): number => (FIRST.includes(c) ? 0 : 1);
  return [...groups.entries()]
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([category, list]) => ({ category, specs: list.sort((a, b) => a.displayName.localeCompare(b.displayName)) }));
}
