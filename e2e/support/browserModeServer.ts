/** The browser-mode server Playwright starts for the e2e tests (see playwright.config.ts). */
export const E2E_PORT = Number(process.env.LIGHTBOX_E2E_PORT ?? 47831);
export const E2E_TOKEN = 'e2e-launch-token-5b1d2f0c9a7e4d3b';
export const E2E_ORIGIN = `http://127.0.0.1:${E2E_PORT}`;
export const E2E_DATA_DIR = '.lightbox-test/e2e-data';

/** The URL `lightbox serve` prints: opening it once logs the page in. */
export function launchUrl(query = ''): string {
  return `${E2E_ORIGIN}/?token=${E2E_TOKEN}${query ? `&${query}` : ''}`;
}
