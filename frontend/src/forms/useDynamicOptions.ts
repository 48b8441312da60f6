// Options a select loads from Ferry at edit time (hint `optionsSource`), such as the other workflows.
import { useEffect, useState } from 'react';
import { userMessage } from '../api/client';
import { listWorkflows } from '../api/endpoints';
import type { Option } from '../lib/schemaForm';

const SOURCES: Record<string, () => Promise<Option[]>> = {
  workflows: async () => (await listWorkflows('?limit=200')).results.map((w) => ({ value: w.id, label: w.name })),
};

export function useDynamicOptions(source: string | null): {
  options: Option[];
  loading: boolean;
  error: string | null;
} {
  const [state, setState] = useState<{ options: Option[]; loading: boolean; error: string | null }>({
    options: [],
    loading: !!source,
    error: null,
  });
  const known = source ? SOURCES[source] : undefined;
  useEffect(() => {
    const load = known;
    if (!load) return;
    let live = true;
    load()
      .then((options) => live && setState({ options, loading: false, error: null }))
      .catch((failure: unknown) => live && setState({ options: [], loading: false, error: userMessage(failure) }));
    return () => {
      live = false;
    };
  }, [known]);
  if (source && !known)
    return { options: [], loading: false, error: `No list named “${source}” is known to this version of Ferry.` };
  return state;
}
