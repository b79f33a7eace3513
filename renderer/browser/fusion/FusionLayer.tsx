import { useEffect, useMemo, useRef, useState } from 'react';
import { stringValue, Tag } from '../../../electron/common/dicom/model/dicomJsonAccess';
import { colorizeValues, sampleOnImage, type FusionView } from '../../common/fusion/fusionDisplay';
import { fusionRefusal, type FusionSource } from '../../common/fusion/fusionSource';
import type { StackImage } from '../../common/viewing/stackImages';
import { FUSION_BANNER, FusionLegend } from './FusionLegend';
import { markOnce } from '../viewing/viewerTestHooks';
import { imageToScreen, type ViewTransform, type ViewportSize } from '../../common/viewing/viewTransform';

interface Props {
  image: StackImage;
  transform: ViewTransform;
  size: ViewportSize;
  fusion: FusionView;
}

/** Values sampled per image, kept for the last images of each source (scrolling back is instant). */
const SAMPLED_KEPT = 24;
const sampledBySource = new WeakMap<FusionSource, Map<string, Float32Array>>();

/** Whether an image's exact values are kept already (then it is drawn exactly at once). */
function sampledAlready(source: FusionSource, image: StackImage): boolean {
  return sampledBySource.get(source)?.has(`${image.sopInstanceUid}#${image.frame}`) === true;
}

/**
 * An image's first paint samples one point per COARSE × COARSE block of its pixels (the block's
 * centre: on a CT about one PET voxel), the exact per-pixel sampling follows a frame later. A 512²
 * CT is 262,144 points to sample; the coarse pass is 1/16 of them, so the fusion shows as soon as
 * the image does.
 */
const COARSE = 4;

function coarseGeometry(g: NonNullable<StackImage['geometry']>): NonNullable<StackImage['geometry']> {
  const half = (COARSE - 1) / 2;
  const [down, along] = g.pixelSpacing;
  return {
    ...g,
    position: [0, 1, 2].map((a) => g.position[a]! + g.rowCosines[a]! * along * half + g.columnCosines[a]! * down * half) as typeof g.position,
    pixelSpacing: [down * COARSE, along * COARSE],
    rows: Math.ceil(g.rows / COARSE),
    columns: Math.ceil(g.columns / COARSE),
  };
}

function sampledOn(source: FusionSource, image: StackImage): Float32Array {
  let kept = sampledBySource.get(source);
  if (!kept) sampledBySource.set(source, (kept = new Map()));
  const key = `${image.sopInstanceUid}#${image.frame}`;
  let values = kept.get(key);
  if (values) {
    kept.delete(key); // most recent last
  } else {
    values = sampleOnImage(source.sampler, image.geometry!);
    if (kept.size >= SAMPLED_KEPT) kept.delete(kept.keys().next().value!);
  }
  kept.set(key, values);
  return values;
}

const BANNER = FUSION_BANNER;

/** Set once per page when a fusion layer first paints over an image. */
export const FIRST_FUSED_IMAGE_MARK = 'lightbox-first-fused-image';
/** Set once per page when a fusion layer first paints over an image at every pixel (after its coarse first paint). */
export const FIRST_EXACT_FUSED_IMAGE_MARK = 'lightbox-first-exact-fused-image';

/**
 * The fused series over one image: sampled at the image's own pixel centres (patient points from
 * its position, orientation and spacing), coloured, and drawn with the image's screen affine so
 * it moves with zoom, pan, rotation and flips as the image does. Refused, with the reason, on an
 * image outside the fused series' Frame of Reference.
 */
export function FusionLayer({ image, transform, size, fusion }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const g = image.geometry;
  const refusal = g ? fusionRefusal(stringValue(image.dataset, Tag.FrameOfReferenceUID), fusion.source) : 'Not fused: this image has no position and orientation in patient space.';
  // Exact once asked for this image (or kept from before), coarse until then.
  const [exactFor, setExactFor] = useState<StackImage>();
  const exact = exactFor === image || sampledAlready(fusion.source, image);
  const sampled = useMemo(() => {
    if (refusal || !g) return undefined;
    if (exact) return { values: sampledOn(fusion.source, image), grid: g, factor: 1 };
    const grid = coarseGeometry(g);
    return { values: sampleOnImage(fusion.source.sampler, grid), grid, factor: COARSE };
  }, [refusal, fusion.source, image, exact, g]);
  useEffect(() => {
    if (exact || refusal) return;
    // After the coarse paint has reached the screen.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => (timer = setTimeout(() => setExactFor(image), 0)));
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [exact, refusal, image]);
  const sprite = useMemo(() => {
    if (!sampled) return undefined;
    const { grid } = sampled;
    const c = document.createElement('canvas');
    c.width = grid.columns;
    c.height = grid.rows;
    c.getContext('2d')!.putImageData(new ImageData(colorizeValues(sampled.values, fusion.display), grid.columns, grid.rows), 0, 0);
    return { canvas: c, factor: sampled.factor };
  }, [sampled, fusion.display]);

  useEffect(() => {
    const c = canvas.current;
    if (!c || !sprite) return;
    const dpr = window.devicePixelRatio || 1;
    c.width = Math.round(size.width * dpr);
    c.height = Math.round(size.height * dpr);
    const ctx = c.getContext('2d')!;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, c.width, c.height);
    ctx.imageSmoothingEnabled = false;
    // Pixel (c, r)'s top-left corner is at image-plane mm (c × column spacing, r × row spacing).
    const o = imageToScreen(transform, size, [0, 0]);
    const x = imageToScreen(transform, size, [image.pixelSpacing[1], 0]);
    const y = imageToScreen(transform, size, [0, image.pixelSpacing[0]]);
    ctx.setTransform((x[0] - o[0]) * dpr, (x[1] - o[1]) * dpr, (y[0] - o[0]) * dpr, (y[1] - o[1]) * dpr, o[0] * dpr, o[1] * dpr);
    // Coarse blocks at the image's right and bottom edges reach past it: clipped to the image.
    ctx.save();
    ctx.beginPath();
    ctx.rect(0, 0, image.geometry!.columns, image.geometry!.rows);
    ctx.clip();
    ctx.scale(sprite.factor, sprite.factor);
    ctx.drawImage(sprite.canvas, 0, 0);
    ctx.restore();
    // The PET/CT benchmark times an open to the first image with a fusion over it (PET-alone is not one).
    if (!fusion.display.petOnly) {
      markOnce(FIRST_FUSED_IMAGE_MARK);
      if (sprite.factor === 1) markOnce(FIRST_EXACT_FUSED_IMAGE_MARK);
    }
  }, [sprite, image, transform, size, fusion.display.petOnly]);

  const unit = fusion.source.unit;
  if (refusal) {
    return (
      <div className="fusion-refused" data-testid="fusion-refused" role="status" style={{ ...BANNER, maxWidth: '70%', fontSize: 12, color: '#f0a040' }}>
        {refusal}
      </div>
    );
  }
  return (
    <>
      <canvas
        ref={canvas}
        className="result-overlay"
        style={{ width: size.width, height: size.height }}
        data-testid="fusion-layer"
        data-sop={image.sopInstanceUid}
        data-frame={image.frame}
        data-series={fusion.source.seriesInstanceUid}
        data-unit={unit}
      />
      <FusionLegend view={fusion} />
    </>
  );
}
