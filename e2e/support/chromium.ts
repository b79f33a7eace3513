/** Debian's Chromium, never a Playwright-downloaded browser (none can be downloaded here). */
export const CHROMIUM_EXECUTABLE = process.env.LIGHTBOX_CHROMIUM ?? '/usr/bin/chromium';

/** Flags that keep Chromium off the network it cannot reach here, and runnable as root. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  // WebGL2 without a GPU: SwiftShader, slow but correct.
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
];
