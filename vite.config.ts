import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The renderer is a static build served by the host (lightbox:// in Electron, loopback HTTP in
// browser mode); relative asset URLs work on both origins.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../out/renderer',
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: true,
  },
});
