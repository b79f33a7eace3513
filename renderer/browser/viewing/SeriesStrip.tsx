import { useState } from 'react';
import type { HostClient } from '../../../electron/common/contract/hostClient';
import { hostRoutes } from '../../../electron/common/contract/hostContract';
import { buildRoutePath } from '../../../electron/common/contract/routePaths';
import type { DicomJsonDataset } from '../../../electron/common/dicom/model/dicomJson';

export interface SeriesStripProps {
  client: HostClient;
  studyUid: string;
  series: DicomJsonDataset[];
  shown: (string | undefined)[];
  onPick(seriesUid: string): void;
  /** False until the first image is drawn: thumbnails would compete with it for the host. */
  thumbnails: boolean;
  /** Set when the strip lists a prior's series: "PRIOR 2025-11-18 · 1 y 2 d before". */
  label?: string;
  /** Offered when the active viewport's study is not the one listed, or the listing is a prior's: switch the listing. */
  switchTo?: { label: string; onSwitch(): void };
}

const v = (ds: DicomJsonDataset, tag: string): string => String(ds[tag]?.Value?.[0] ?? '');

/** Thumbnails of the study's series: click puts one in the active viewport, drag drops it on any. */
export function SeriesStrip({ studyUid, series, shown, onPick, thumbnails, label, switchTo }: SeriesStripProps) {
  return (
    <nav className="series-strip" aria-label="Series" data-testid="series-strip">
      {label && (
        <div className="strip-prior" data-testid="strip-prior">
          {label}
        </div>
      )}
      {switchTo && (
        <button className="link-button strip-switch" onClick={switchTo.onSwitch} data-testid="strip-switch">
          {switchTo.label} ›
        </button>
      )}
      {series.map((s) => {
        const uid = v(s, '0020000E');
        const thumb = buildRoutePath(hostRoutes.wadoSeriesThumbnail.path, { studyUid, seriesUid: uid }, {});
        return (
          <button
            key={uid}
            className={`series-thumb ${shown.includes(uid) ? 'shown' : ''}`}
            draggable
            onDragStart={(e) => e.dataTransfer.setData('application/x-lightbox-series', uid)}
            onClick={() => onPick(uid)}
            title={v(s, '0008103E')}
            data-testid="series-thumb"
            data-series={uid}
          >
            {thumbnails ? <SeriesThumbnail src={thumb} /> : <span className="thumb-placeholder" />}
            <span className="series-label">
              {v(s, '00200011')} {v(s, '00080060')} · {v(s, '00201209')} im
            </span>
            <span className="series-desc">{v(s, '0008103E')}</span>
          </button>
        );
      })}
    </nav>
  );
}

/** A series thumbnail; a series without an image (an RT Plan, a report) gets a labelled tile instead of a broken image. */
function SeriesThumbnail({ src }: { src: string }) {
  const [failed, setFailed] = useState(false);
  if (failed) {
    return (
      <span className="thumb-placeholder thumb-no-image" data-testid="thumb-no-image">
        no image
      </span>
    );
  }
  return <img src={src} alt="" loading="lazy" width={96} height={96} onError={() => setFailed(true)} />;
}
