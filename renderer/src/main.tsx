import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connectBridge } from './bridge';
import { App } from './components/App';
import { ApiProvider } from './data/api';
import { createQueryClient } from './data/cache';
import { LiveProvider } from './data/live';
import './styles/app.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={createQueryClient()}>
      <ApiProvider api={connectBridge()}>
        <LiveProvider>
          <App />
        </LiveProvider>
      </ApiProvider>
    </QueryClientProvider>
  </StrictMode>,
);
