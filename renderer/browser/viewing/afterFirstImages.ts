import { FIRST_IMAGE_MARK } from './sharedRenderWindow';

/** How long work deferred past the first images waits for an idle moment at most. */
const IDLE_TIMEOUT_MS = 2000;
/** How long it waits for the first paints it was told to expect at most (one may never come: a fusion refused). */
const EXPECTED_TIMEOUT_MS = 5000;
/** …and for the first image (a study whose first image fails or never comes: the work starts anyway). */
const FIRST_IMAGE_TIMEOUT_MS = 10_000;
const POLL_MS = 50;

/** Marks of first paints the display waits for besides its first image (a hung fusion's). */
const expected = new Set<string>();

/**
 * Deferred work also waits for this first paint (its performance mark), until it is marked or the
 * returned function withdraws it: a hung fusion's first fused image is half of what a PET/CT
 * reader opens the study to see, and the MIP's set-up would otherwise take the moment it needs.
 */
export function expectFirstPaint(mark: string): () => void {
  expected.add(mark);
  return () => void expected.delete(mark);
}

const painted = (mark: string): boolean => performance.getEntriesByName(mark).length > 0;

/**
 * Resolves once the page has painted its first image and any first paint expected with
 * `expectFirstPaint` (or after waiting FIRST_IMAGE_TIMEOUT_MS / EXPECTED_TIMEOUT_MS for them): background frame
 * prefetch starts then, so that on a 2-core machine it does not take the host's decoders and the
 * CPU from the images the reader opened the study to see.
 */
export function whenFirstPaintsDone(): Promise<void> {
  const since = performance.now();
  return new Promise((resolve) => {
    const waited = () => performance.now() - since;
    const ready = () => (painted(FIRST_IMAGE_MARK) || waited() > FIRST_IMAGE_TIMEOUT_MS) && ([...expected].every(painted) || waited() > EXPECTED_TIMEOUT_MS);
    const check = () => (ready() ? resolve() : setTimeout(check, POLL_MS));
    check();
  });
}

/**
 * Resolves once the first paints are done (whenFirstPaintsDone) and the browser then has an idle
 * moment: for work a reader does not need to see the first images (a PET MIP's volume and its WebGL
 * set-up take about half a second of the main thread in software GL), so that it does not delay them.
 */
export function afterFirstImages(): Promise<void> {
  return whenFirstPaintsDone().then(
    () => new Promise((resolve) => (typeof requestIdleCallback === 'function' ? requestIdleCallback(() => resolve(), { timeout: IDLE_TIMEOUT_MS }) : setTimeout(resolve, 0))),
  );
}
