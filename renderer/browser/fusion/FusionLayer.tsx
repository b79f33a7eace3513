import { useEffect, useMemo, useRef } from 'react';
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

/** Set once per page when a fusion layer first paints over an image, sampled at every pixel (the PET/CT benchmark's end). */
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
  // Sampled at every pixel from the first paint: a coarse preview first (one point per 4 × 4 block)
  // cost a second render a frame later, and on a busy 2-core machine that frame came 100–300 ms late.
  const sampled = useMemo(() => (refusal || !g ? undefined : { values: sampledOn(fusion.source, image), grid: g }), [refusal, fusion.source, image, g]);
  const sprite = useMemo(() => {
    if (!sampled) return undefined;
    const { grid } = sampled;
    const c = document.createElement('canvas');
    c.width = grid.columns;
    c.height = grid.rows;
    c.getContext('2d')!.putImageData(new ImageData(colorizeValues(sampled.values, fusion.display), grid.columns, grid.rows), 0, 0);
    return c;
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
    ctx.drawImage(sprite, 0, 0);
    // The PET/CT benchmark times an open to the first image with a fusion over it (PET-alone is not one).
    if (!fusion.display.petOnly) markOnce(FIRST_EXACT_FUSED_IMAGE_MARK);
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
