// Saving versions (problems shown on nodes, conflicts never overwritten) and deploying them.
// A save names the version it started from twice: baseVersion (someone else's save is a 409) and
// If-Match with that version's content hash (any save in between, even this user's in another tab, is a 412).
import { useCallback, useState } from 'react';
import { ApiError, userMessage } from '../../api/client';
import { deployVersion, getWorkflow, saveVersion } from '../../api/designer';
import type { Workflow } from '../../api/types';
import { clearNotes } from '../../lib/stickyNotes';
import { useDesigner } from '../../stores/designer';

export type Banner = { tone: 'success' | 'error' | 'info'; text: string } | null;

export interface Conflict {
  detail: string;
}

export function useSaveAndDeploy(workflow: Workflow | null, setWorkflow: (w: Workflow) => void) {
  const [baseVersion, setBaseVersion] = useState<number | null>(null);
  const [baseHash, setBaseHash] = useState<string | null>(null);
  const [busy, setBusy] = useState<'save' | 'deploy' | null>(null);
  const [banner, setBanner] = useState<Banner>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [savedCount, setSavedCount] = useState(0);

  const save = useCallback(
    async (options: { force?: boolean } = {}): Promise<number | null> => {
      if (!workflow || busy) return null;
      const store = useDesigner.getState();
      setBusy('save');
      setBanner(null);
      try {
        let base = baseVersion;
        // Saving over the latest on purpose: the version number still guards against a save racing this one.
        if (options.force) base = (await getWorkflow(workflow.id)).latestVersion;
        const hash = options.force ? null : baseHash;
        const saved = await saveVersion(workflow.id, { document: store.document(), baseVersion: base }, hash);
        setBaseVersion(saved.number);
        setBaseHash(saved.contentHash);
        store.markSaved();
        // Notes an older designer kept in this browser are in the version now.
        clearNotes(workflow.id);
        store.setServerProblems(null);
        setConflict(null);
        setSavedCount((n) => n + 1);
        setWorkflow(await getWorkflow(workflow.id));
        setBanner({ tone: 'success', text: `Saved as version ${saved.number}.` });
        return saved.number;
      } catch (failure) {
        if (failure instanceof ApiError && (failure.status === 409 || failure.status === 412)) {
          setConflict({ detail: failure.detail });
        } else if (failure instanceof ApiError && failure.problems.length) {
          store.setServerProblems(failure.problems);
          const onNodes = failure.problems.filter((p) => p.nodeId).length;
          const general = failure.problems.filter((p) => !p.nodeId).map((p) => p.message);
          setBanner({
            tone: 'error',
            text: `Not saved: ${failure.problems.length} problem(s)${onNodes ? ', marked on the nodes' : ''}.${general.length ? ` ${general.join(' ')}` : ''}`,
          });
        } else {
          setBanner({ tone: 'error', text: `Not saved. ${userMessage(failure)}` });
        }
        return null;
      } finally {
        setBusy(null);
      }
    },
    [workflow, busy, baseVersion, baseHash, setWorkflow],
  );

  const deploy = useCallback(
    async (version: number): Promise<void> => {
      if (!workflow) return;
      setBusy('deploy');
      setBanner(null);
      try {
        setWorkflow(await deployVersion(workflow.id, version));
        setBanner({ tone: 'success', text: `Version ${version} is deployed: new events run it.` });
      } catch (failure) {
        setBanner({ tone: 'error', text: `Not deployed. ${userMessage(failure)}` });
      } finally {
        setBusy(null);
      }
    },
    [workflow, setWorkflow],
  );

  return {
    baseVersion,
    setBaseVersion,
    baseHash,
    setBaseHash,
    busy,
    banner,
    setBanner,
    conflict,
    setConflict,
    save,
    deploy,
    savedCount,
  };
}
