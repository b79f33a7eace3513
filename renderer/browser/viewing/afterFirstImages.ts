import { FIRST_IMAGE_MARK } from './sharedRenderWindow';

/** How long work deferred past the first images waits for an idle moment at most. */
const IDLE_TIMEOUT_MS = 2000;
const POLL_MS = 50;

/**
 * Resolves once the page has painted its first image and the browser then has an idle moment:
 * for work a reader does not need to see the first images (a PET MIP's volume and its WebGL set-up
 * take about half a second of the main thread in software GL), so that it does not delay them.
 */
export function afterFirstImages(): Promise<void> {
  return new Promise((resolve) => {
    const idle = () => (typeof requestIdleCallback === 'function' ? requestIdleCallback(() => resolve(), { timeout: IDLE_TIMEOUT_MS }) : setTimeout(resolve, 0));
    const check = () => (performance.getEntriesByName(FIRST_IMAGE_MARK).length > 0 ? idle() : setTimeout(check, POLL_MS));
    check();
  });
}
