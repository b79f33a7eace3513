import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_EXECUTABLE } from './e2e/support/chromium';
import { E2E_DATA_DIR, E2E_ORIGIN, E2E_PORT, E2E_TOKEN } from './e2e/support/browserModeServer';

// e2e runs against browser mode (the same host handler as the desktop app) in Debian's
// Chromium; the Electron project runs only where an Electron binary exists.
export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  timeout: 60_000,
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: E2E_ORIGIN,
    launchOptions: { executablePath: CHROMIUM_EXECUTABLE, args: CHROMIUM_ARGS },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
  projects: [
    { name: 'browser-mode', testIgnore: /electron\.spec\.ts/ },
    { name: 'electron', testMatch: /electron\.spec\.ts/ },
  ],
  webServer: {
    // A fresh data folder each run: the tests see the demo set and their own imports only.
    command: `node -e "require('fs').rmSync('${E2E_DATA_DIR}', { recursive: true, force: true })" && node bin/lightbox.js --data-dir ${E2E_DATA_DIR} serve --port ${E2E_PORT} --token ${E2E_TOKEN} --displays 2 --demo-preset tiny`,
    url: `${E2E_ORIGIN}/api/host`,
    reuseExistingServer: false,
    stdout: 'pipe',
    timeout: 120_000,
  },
});
