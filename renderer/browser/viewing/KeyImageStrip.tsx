import type { StoredKeyImage } from '../../../electron/common/contract/hostContract';

export interface KeyImageStripProps {
  keyImages: StoredKeyImage[];
  /** Whether the active viewport's image is marked. */
  activeMarked: boolean;
  canMark: boolean;
  onToggle(): void;
  onPick(keyImage: StoredKeyImage): void;
  /** Series number and instance number of a mark, when its series is known here. */
  describe(keyImage: StoredKeyImage): string;
  /** Key Object Selection documents switched on in the Results panel: their images, under their titles. */
  documents?: Array<{ sopInstanceUid: string; title: string; images: StoredKeyImage[] }>;
}

/** The key image toggle for the active image, and the study's key images, each a jump to its image. */
export function KeyImageStrip({ keyImages, activeMarked, canMark, onToggle, onPick, describe, documents = [] }: KeyImageStripProps) {
  return (
    <div className="key-image-strip" data-testid="key-image-strip">
      <button className="toolbar-button" aria-pressed={activeMarked} disabled={!canMark} onClick={onToggle} title="Mark the active image as key (k)" data-testid="toggle-key-image">
        {activeMarked ? '★' : '☆'} Key image
      </button>
      {keyImages.map((k) => (
        <button key={k.id} className="chip" onClick={() => onPick(k)} data-testid="key-image-chip" data-sop={k.sopInstanceUid}>
          {describe(k)}
        </button>
      ))}
      {documents.map((d) => (
        <span key={d.sopInstanceUid} className="key-document" data-testid="key-document">
          {d.title}:
          {d.images.map((k) => (
            <button key={k.id} className="chip" onClick={() => onPick(k)} data-testid="key-document-chip" data-sop={k.sopInstanceUid}>
              {describe(k)}
            </button>
          ))}
        </span>
      ))}
    </div>
  );
}
