import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connectBridge } from './bridge';
import { App } from './components/App';
import { ApiProvider } from './data/api';
import { LiveProvider } from './data/live';
import './styles/app.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ApiProvider api={connectBridge()}>
      <LiveProvider>
        <App />
      </LiveProvider>
    </ApiProvider>
  </StrictMode>,
);
