// Copies a text to the clipboard, also on plain-HTTP installs where navigator.clipboard is missing.
import { useEffect, useState } from 'react';

async function copyText(text: string): Promise<boolean> {
  if (navigator.clipboard && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      // Denied permission: fall through to the selection route.
    }
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  } finally {
    area.remove();
  }
}

export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [result, setResult] = useState<'idle' | 'copied' | 'failed'>('idle');

  useEffect(() => {
    if (result === 'idle') return;
    const timer = setTimeout(() => setResult('idle'), 1500);
    return () => clearTimeout(timer);
  }, [result]);

  return (
    <button
      type="button"
      className="button button--small"
      onClick={() => void copyText(text).then((ok) => setResult(ok ? 'copied' : 'failed'))}
      aria-label={`${label}: ${text}`}
    >
      {result === 'copied' ? 'Copied' : result === 'failed' ? 'Copy failed' : label}
    </button>
  );
}
