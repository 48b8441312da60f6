// A small glyph per node icon name; unknown names fall back to a dot, so connectors may name any icon.
import { memo } from 'react';

// Symbols that Debian's default fonts (DejaVu) draw; emoji are missing on many servers' browsers.
const GLYPHS: Record<string, string> = {
  webhook: '⚡',
  play: '▶',
  clock: '◷',
  braces: '{}',
  split: '⋔',
  globe: '⊕',
  repeat: '⟳',
  merge: '⋈',
  check: '✓',
  pause: 'Ⅱ',
  workflow: '⊞',
  edit: '✎',
  'arrow-right-left': '⇄',
  barcode: '▥',
  'check-square': '☑',
  currency: '¤',
  'git-branch': '⎇',
  hourglass: '⤳',
  infor: 'M3',
  link: '∞',
  'link-2': '⇉',
  'list-plus': '☰',
  'map-pin': '⚲',
  prestashop: 'PS',
};

function NodeIconView({ name }: { name: string }) {
  return <>{GLYPHS[name] ?? (name ? name.slice(0, 2).toUpperCase() : '•')}</>;
}

export const NodeIcon = memo(NodeIconView);
