/** Entry: mounts the popup with the preload's bridge (the only thing it may talk to). */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { DakaBridge } from '../../shared/contract';
import { App } from './App';
import { loadMessages } from './i18n';
import './styles.css';

const { daka } = window as unknown as { daka: DakaBridge };
const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App bridge={daka} loadMessages={loadMessages} systemLocale={navigator.language} />
    </StrictMode>,
  );
}
