// The workflow's own settings: the business key expression and the run timeout.
import { JsonataEditor } from '../../forms/JsonataEditor';
import { useDesigner } from '../../stores/designer';
import { useTestRun } from '../../stores/testRun';

export function WorkflowSettingsPanel({ onClose }: { onClose(): void }) {
  const settings = useDesigner((s) => s.settings);
  const setSettings = useDesigner((s) => s.setSettings);
  const payloadText = useTestRun((s) => s.payloadText);
  let sample: unknown;
  try {
    sample = JSON.parse(payloadText);
  } catch {
    sample = undefined;
  }
  return (
    <aside className="panel" aria-label="Workflow settings">
      <header className="panel__header">
        <h2 className="panel__title">Workflow settings</h2>
        <button
          type="button"
          className="button button--small button--ghost"
          aria-label="Close settings"
          onClick={onClose}
        >
          ✕
        </button>
      </header>
      <div className="panel__body">
        <div className="field">
          <label id="businessKey-label">Business key (JSONata on the trigger payload)</label>
          <JsonataEditor
            id="businessKey"
            value={settings.businessKey ?? ''}
            sample={sample}
            placeholder="order.reference"
            onChange={(businessKey) => setSettings({ ...settings, businessKey })}
          />
          <p className="field__help">
            Shown on every run and searchable, e.g. the order reference. Previewed on the test payload.
          </p>
        </div>
        <label className="field">
          <span>Run timeout (seconds)</span>
          <input
            type="number"
            min={1}
            value={settings.timeoutSeconds ?? ''}
            onChange={(e) =>
              setSettings({ ...settings, timeoutSeconds: e.target.value ? Number(e.target.value) : null })
            }
          />
        </label>
      </div>
    </aside>
  );
}
