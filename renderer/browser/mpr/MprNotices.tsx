export interface MprNoticesProps {
  /** Why the series cannot be shown as a volume. */
  error?: string;
  /** The volume has arrived (its notices are shown), or is still loading. */
  loaded: boolean;
  uploading: boolean;
  exportNotice?: string;
  /** What the volume's reader noticed (gaps, tilt, uneven spacing…). */
  notices?: string[];
}

/** The MPR's notices: the volume's error or progress, an export's outcome, and what its reader noticed. */
export function MprNotices({ error, loaded, uploading, exportNotice, notices }: MprNoticesProps) {
  return (
    <>
      {error && <div className="mpr-notice error" role="alert">{`This series cannot be shown as a volume: ${error}`}</div>}
      {!error && (!loaded || uploading) && (
        <div className="mpr-notice mpr-toast" data-testid="mpr-loading">
          {loaded ? 'Sending the volume to the GPU…' : 'Loading the volume…'}
        </div>
      )}
      {exportNotice && (
        <div className="mpr-notice mpr-toast" role="status" data-testid="mpr-export-notice">
          {exportNotice}
        </div>
      )}
      {notices?.map((n) => (
        <div key={n} className="mpr-notice" data-testid="mpr-notice">
          {n}
        </div>
      ))}
    </>
  );
}
