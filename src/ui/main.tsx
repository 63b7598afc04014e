import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { controller, defaultScenario, installWindowApi, randomSeed } from '../store/controller.ts';
import { bootShare } from '../store/share.ts';
import './styles.css';

installWindowApi();

// A share link (#s=…) opens its scenario; else a reload resumes the ensemble from IndexedDB; a
// first visit starts three servers and a client.
async function boot(): Promise<void> {
  if (await bootShare()) return;
  const params = new URLSearchParams(location.search);
  if (params.has('blank')) return; // tests load their own scenario through window.zooscope
  if (await controller.resume({ play: true })) {
    controller.act({ do: 'connect', client: 'c1', servers: controller.session!.run.resolved.servers.map((s) => s.id) });
    return;
  }
  const r = await controller.load(defaultScenario(randomSeed()), { play: true });
  if (!r.ok) controller.fail(`Could not start the default ensemble: ${r.errors.join('; ')}`);
}

void boot();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
