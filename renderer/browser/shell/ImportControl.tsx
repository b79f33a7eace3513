import { useRef, useState, type DragEvent, type ReactNode } from 'react';
import type { HostConnection } from '../host/hostConnection';
import { importFiles, type ImportProgress } from './importFiles';

export interface ImportControlProps {
  host: HostConnection;
  onImported(): void;
  children: ReactNode;
}

/** Import button and drop target around the study list, with a progress bar while files go in. */
export function ImportControl({ host, onImported, children }: ImportControlProps) {
  const input = useRef<HTMLInputElement>(null);
  const [progress, setProgress] = useState<ImportProgress>();
  const [dragging, setDragging] = useState(false);

  const run = async (files: File[]): Promise<void> => {
    if (files.length === 0) return;
    await importFiles(host.client, files, setProgress);
    onImported();
  };
  const onDrop = (e: DragEvent<HTMLDivElement>): void => {
    e.preventDefault();
    setDragging(false);
    void run([...e.dataTransfer.files]);
  };
  const busy = progress !== undefined && progress.filesDone < progress.filesTotal;

  return (
    <div
      className={`import-zone${dragging ? ' dragging' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <div className="import-bar">
        <button type="button" className="import-button" disabled={busy} onClick={() => input.current?.click()}>
          Import…
        </button>
        <input ref={input} type="file" multiple hidden aria-label="Import DICOM files" onChange={(e) => void run([...(e.target.files ?? [])])} />
        {progress && (
          <div className="import-progress" role="status" data-testid="import-progress">
            <progress max={progress.filesTotal} value={progress.filesDone} />
            <span>
              {busy ? `Importing ${progress.filesDone}/${progress.filesTotal}` : `Imported ${progress.stored} of ${progress.filesTotal}`}
              {progress.failed ? `, ${progress.failed} not stored` : ''}
            </span>
          </div>
        )}
        {progress && !busy && progress.problems.length > 0 && <ImportProblems problems={progress.problems} />}
      </div>
      {children}
    </div>
  );
}

/** The files not stored (or stored with damage), each with why; the first few, then how many more. */
function ImportProblems({ problems }: { problems: ImportProgress['problems'] }) {
  const SHOWN = 5;
  return (
    <ul className="import-problems" role="alert" data-testid="import-problems">
      {problems.slice(0, SHOWN).map((p) => (
        <li key={p.file}>
          <b>{p.file}</b>: {p.text}
        </li>
      ))}
      {problems.length > SHOWN && <li>… and {problems.length - SHOWN} more</li>}
    </ul>
  );
}
