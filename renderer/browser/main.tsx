import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connectToHost } from './host/hostConnection';
import { WorkstationShell } from './shell/WorkstationShell';
import './styles/shell.css';
import { prewarmRenderWindow } from './viewing/renderWindowPool';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
const displayId = new URLSearchParams(window.location.search).get('display') ?? '1';
const host = connectToHost();
const hostInfo = host.client.call('getHostInfo');
createRoot(root).render(
  <StrictMode>
    <WorkstationShell host={host} displayId={displayId} hostInfo={hostInfo} />
  </StrictMode>,
);

// Compile the viewer's GPU programs while the reader is still choosing a study.
setTimeout(prewarmRenderWindow, 0);
