// A modal question before an action that changes runs: says how many it touches, may ask why.
import { useState, type ReactNode } from 'react';
import { userMessage } from '../api/client';

export function ConfirmDialog({
  title,
  message,
  confirmLabel,
  danger = false,
  askReason = false,
  reasonRequired = false,
  onConfirm,
  onCancel,
  children,
}: {
  title: string;
  message: string;
  confirmLabel: string;
  danger?: boolean;
  askReason?: boolean;
  reasonRequired?: boolean;
  onConfirm: (reason: string) => Promise<void>;
  onCancel: () => void;
  children?: ReactNode;
}) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const blocked = busy || (reasonRequired && !reason.trim());

  const confirm = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await onConfirm(reason.trim());
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  };

  return (
    <div className="modal-backdrop" onClick={busy ? undefined : onCancel}>
      <div
        className="modal"
        role="dialog"
        aria-modal="true"
        aria-label={title}
        onClick={(event) => event.stopPropagation()}
      >
        <h2 className="modal__title">{title}</h2>
        <p className="modal__message" data-testid="confirm-message">
          {message}
        </p>
        {children}
        {askReason ? (
          <label className="field">
            <span>Reason{reasonRequired ? '' : ' (optional)'}</span>
            <input
              name="reason"
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              placeholder={reasonRequired ? 'Why? It is kept in the audit trail.' : 'Kept in the audit trail'}
              autoFocus
            />
          </label>
        ) : null}
        {error ? (
          <p className="alert alert--danger" role="alert">
            {userMessage(error)}
          </p>
        ) : null}
        <div className="modal__actions">
          <button type="button" className="button button--ghost" onClick={onCancel} disabled={busy}>
            Cancel
          </button>
          <button
            type="button"
            className={`button ${danger ? 'button--danger' : 'button--primary'}`}
            onClick={() => void confirm()}
            disabled={blocked}
          >
            {busy ? 'Working…' : confirmLabel}
          </button>
        </div>
      </div>
    </div>
  );
}
