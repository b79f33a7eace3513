import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

/** What the optional N-API addon (native-codecs/native, built against Debian's libopenjp2) exports. */
export interface NativeCodecs {
  decodeJ2k(bytes: Uint8Array): { width: number; height: number; components: number; precision: number; signed: boolean; data: ArrayBuffer };
}

/** Built by node-gyp beside its sources; the app's build copies it to out/native/, beside out/node/. */
const ADDON_PATH = fileURLToPath(
  import.meta.url.endsWith('.ts') ? new URL('../native/build/Release/lightbox_codecs.node', import.meta.url) : new URL('../native/lightbox_codecs.node', import.meta.url),
);
let loaded: NativeCodecs | null | undefined;

/**
 * The native addon if it was built (`npm run build:native`), else undefined: callers fall back to
 * the WASM codecs. `LIGHTBOX_NATIVE_CODECS=0` disables it (benchmarks compare both).
 */
export function nativeCodecs(): NativeCodecs | undefined {
  if (loaded === undefined) {
    loaded = null;
    if (process.env.LIGHTBOX_NATIVE_CODECS !== '0' && existsSync(ADDON_PATH)) {
      try {
        loaded = require(ADDON_PATH) as NativeCodecs;
      } catch {
        loaded = null; // built for another platform or ABI: fall back silently to WASM
      }
    }
  }
  return loaded ?? undefined;
}
