// The field paths found in sample data, offered as completions in the expression editor.

/** Dotted paths of object fields in `data` (arrays looked into through their first item), up to `depth`. */
export function fieldPaths(data: unknown, depth = 4, limit = 300): string[] {
  const found = new Set<string>();
  const walk = (value: unknown, prefix: string, level: number): void => {
    if (found.size >= limit || level > depth) return;
    if (Array.isArray(value)) {
      if (value.length) walk(value[0], prefix, level);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    for (const [key, child] of Object.entries(value)) {
      const name = /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? key : `\`${key}\``;
      const path = prefix ? `${prefix}.${name}` : name;
      found.add(path);
      walk(child, path, level + 1);
    }
  };
  walk(data, '', 1);
  return [...found];
}

/** The sample an expression sees: a node's first input item, else the whole input. */
export function firstItem(input: unknown): unknown {
  if (Array.isArray(input)) return input.length ? input[0] : undefined;
  return input;
}
