/**
 * The renderer's Content-Security-Policy, sent with every HTML page in Electron and in browser
 * mode: scripts only from the app's own origin (no inline script, no eval), no plugins, no
 * framing, network only back to the host. `wasm-unsafe-eval` lets WASM codecs compile without
 * allowing JavaScript eval. Inline styles are allowed because React sets style attributes.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
