import '@fontsource/poppins/400.css';
import '@fontsource/poppins/600.css';
import '@fontsource/nunito-sans/400.css';
import '@fontsource/nunito-sans/700.css';
import './theme/styles.css';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { createSessionStore } from './lib/client.ts';
import { SessionProvider } from './lib/session.tsx';
import { applyTokens } from './theme/tokens.ts';

applyTokens(document.documentElement);

createRoot(document.getElementById('root') as HTMLElement).render(
  <SessionProvider store={createSessionStore()}>
    <App />
  </SessionProvider>,
);
