// Entry point: wires the API client's "sign in again" to the session store and mounts the app.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { App } from './App';
import { endSessionOnAuthErrors } from './stores/session';
import './index.css';

endSessionOnAuthErrors();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <BrowserRouter>
      <App />
    </BrowserRouter>
  </StrictMode>,
);
