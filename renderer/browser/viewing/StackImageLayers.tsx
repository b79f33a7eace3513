import type { StoredMeasurement } from '../../../electron/common/contract/hostContract';
import type { ImagePresentation } from '../../../electron/common/results/presentationState/presentationStateModel';
import type { FusionView } from '../../common/fusion/fusionDisplay';
import type { FusionSource } from '../../common/fusion/fusionSource';
import type { SuvRegion } from '../../common/fusion/suvRegionLabel';
import type { ResultOverlay } from '../../common/results/resultOverlay';
import type { OverlayFields } from '../../common/viewing/overlayLayout';
import { priorLabel } from '../../common/viewing/priorLabel';
import type { StackImage } from '../../common/viewing/stackImages';
import type { ViewTransform, ViewportSize } from '../../common/viewing/viewTransform';
import { FusionLayer } from '../fusion/FusionLayer';
import { SuvToolsLayer } from '../fusion/SuvToolsLayer';
import { fusedValueLine } from '../fusion/fusedValueLine';
import { PresentationAnnotationsLayer } from '../results/PresentationAnnotationsLayer';
import { ReportShapesLayer } from '../results/ReportShapesLayer';
import { ResultOverlayLayer } from '../results/ResultOverlayLayer';
import type { LoadedFrame } from './frameLoader';
import { MeasurementLayer } from './MeasurementLayer';
import { ReferenceLineLayer } from './ReferenceLineLayer';
import type { ShownImage } from './shownImage';
import { ViewportOverlay } from './ViewportOverlay';

export interface StackImageLayersProps {
  image: StackImage | undefined;
  frame: LoadedFrame | undefined;
  transform: ViewTransform | undefined;
  size: ViewportSize;
  seriesUid: string | undefined;
  active: boolean;
  /** The overlay's computed lines (image number, position, window, zoom…). */
  fields: OverlayFields;
  fusion?: FusionView;
  keyImageIds?: ReadonlySet<string>;
  priorOf?: string;
  activeImage?: ShownImage;
  overlays?: ResultOverlay[];
  presentation?: ImagePresentation;
  /** The measurements on the shown image, and the one being drawn or selected. */
  measurements: StoredMeasurement[];
  draft?: StoredMeasurement;
  selectedId?: string;
  suvSource?: FusionSource;
  suvTools: { shown: SuvRegion[]; draft?: SuvRegion; selectedId?: string; setThreshold(id: string, threshold: string): void };
}

/** What a stack viewport draws over its image: fusion, overlay text, badges, reference lines, results, measurements, SUV tools. */
export function StackImageLayers(props: StackImageLayersProps) {
  const { image, frame, transform, size, seriesUid, active, suvSource, suvTools } = props;
  return (
    <>
      {image && transform && props.fusion && (props.fusion.display.petOnly || props.fusion.source.seriesInstanceUid !== seriesUid) && <FusionLayer image={image} transform={transform} size={size} fusion={props.fusion} />}
      {image && <ViewportOverlay image={image} transform={transform} height={size.height} fields={props.fields} />}
      {image && props.keyImageIds?.has(`${image.sopInstanceUid}#${image.frame}`) && (
        <div className="key-image-badge" data-testid="key-image-badge" title="Key image (k toggles)">
          ★ Key
        </div>
      )}
      {image && props.priorOf !== undefined && (
        <div className="prior-badge" data-testid="prior-badge">
          {priorLabel(String(image.dataset['00080020']?.Value?.[0] ?? ''), props.priorOf, true)}
        </div>
      )}
      {image?.geometry && transform && !active && props.activeImage && props.activeImage.frameOfReferenceUid === image.dataset['00200052']?.Value?.[0] && (
        <ReferenceLineLayer image={image.geometry} reference={props.activeImage.geometry} transform={transform} size={size} />
      )}
      {image && transform && props.overlays && props.overlays.length > 0 && <ResultOverlayLayer image={image} transform={transform} size={size} overlays={props.overlays} />}
      {image && transform && props.presentation && <PresentationAnnotationsLayer presentation={props.presentation} image={image} transform={transform} size={size} />}
      {image && transform && props.overlays && props.overlays.length > 0 && <ReportShapesLayer image={image} transform={transform} size={size} overlays={props.overlays} />}
      {image && transform && (
        <MeasurementLayer measurements={props.measurements} draft={props.draft} selectedId={props.selectedId} image={image} frame={frame} transform={transform} size={size} pointValue={suvSource && image.geometry ? (p) => fusedValueLine(suvSource, image.geometry!, p) : undefined} />
      )}
      {image && transform && (suvTools.shown.length > 0 || suvTools.draft) && (
        <SuvToolsLayer regions={suvTools.shown} draft={suvTools.draft} selectedId={suvTools.selectedId} image={image} transform={transform} size={size} source={suvSource} onThreshold={suvTools.setThreshold} />
      )}
    </>
  );
}
