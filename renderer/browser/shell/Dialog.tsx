import type { ReactNode } from 'react';

export interface DialogProps {
  title: string;
  testId: string;
  onClose(): void;
  children: ReactNode;
}

/** A modal dialog of the workstation: dark panel over a dimmed screen, closed with ✕ or Escape. */
export function Dialog({ title, testId, onClose, children }: DialogProps) {
  return (
    <div className="dialog-backdrop" role="dialog" aria-modal="true" aria-label={title} data-testid={testId} onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <div className="dialog">
        <div className="dialog-title">
          {title}
          <button className="link-button dialog-close" onClick={onClose} aria-label="Close">
            ✕
          </button>
        </div>
        {children}
      </div>
    </div>
  );
}
