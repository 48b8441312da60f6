// Any address the app does not know.
import { Link } from 'react-router';
import { Empty } from '../components/States';

export function NotFoundPage() {
  return (
    <div className="card">
      <Empty title="This page does not exist">
        <Link to="/workflows">Go to the workflows</Link>
      </Empty>
    </div>
  );
}
