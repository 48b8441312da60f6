// Reading a step's recorded inputs and outputs ({port: [Item]}) for display, samples and pins.

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An item's JSON: recorded items are `{json, sourceNode, sourceIndex}`; anything else is itself. */
export function itemJson(item: unknown): unknown {
  return isRecord(item) && 'json' in item ? item.json : item;
}

/** `{port: [item JSON]}` from a recorded `{port: [Item]}`. */
export function portsJson(value: unknown): Record<string, unknown[]> {
  if (!isRecord(value)) return {};
  const ports: Record<string, unknown[]> = {};
  for (const [port, items] of Object.entries(value)) {
    ports[port] = Array.isArray(items) ? items.map(itemJson) : [itemJson(items)];
  }
  return ports;
}

/** What a node's expressions see: its first input item's JSON, if it ran. */
export function firstInputItem(inputs: unknown): unknown {
  const ports = portsJson(inputs);
  const main = ports.main ?? Object.values(ports)[0] ?? [];
  return main[0];
}

export interface Table {
  columns: string[];
  rows: unknown[][];
}

/** Items as a table: one row per item, one column per top-level field (first 20 fields seen). */
export function itemsTable(items: unknown[]): Table {
  const columns: string[] = [];
  for (const item of items) {
    if (!isRecord(item)) continue;
    for (const key of Object.keys(item)) if (!columns.includes(key) && columns.length < 20) columns.push(key);
  }
  if (!columns.length) return { columns: ['value'], rows: items.map((item) => [item]) };
  return { columns, rows: items.map((item) => columns.map((c) => (isRecord(item) ? item[c] : undefined))) };
}

export function cellText(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}
