// The guided demo on its own page (the home page can show the same panel).
import { TourPanel } from './TourPanel';

export function TourPage() {
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Guided tour</h1>
          <p className="muted">The shop and Infor sandboxes joined by the template workflows, step by step.</p>
        </div>
      </div>
      <TourPanel />
    </>
  );
}
