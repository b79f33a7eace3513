export interface ViewportAreaProps {
  studyInstanceUid?: string;
}

/** Where viewports hang. Until a study is opened it shows one empty viewport. */
export function ViewportArea({ studyInstanceUid }: ViewportAreaProps) {
  return (
    <main className="viewport-area" aria-label="Viewports" data-testid="viewport-area">
      <div className="viewport" data-testid="viewport">
        <div className="viewport-empty">{studyInstanceUid ? `Study ${studyInstanceUid}` : 'No study open'}</div>
      </div>
    </main>
  );
}
