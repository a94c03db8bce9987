/** Entry: mounts the popup with the preload's bridge (the only thing it may talk to). */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { DakaBridge } from '../../shared/contract';
import { App } from './App';
import { resolveLanguage } from '../../shared/i18n/core';
import { loadMessages } from './i18n';
import './styles.css';

// Start fetching the likely language's strings now, not after React has mounted:
// the App's own request for them then finds the module already on its way.
void loadMessages(resolveLanguage('system', navigator.language), 'home');

const { daka } = window as unknown as { daka: DakaBridge };
const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App bridge={daka} loadMessages={loadMessages} systemLocale={navigator.language} />
    </StrictMode>,
  );
}
