import { useEffect, useRef, type ReactNode } from 'react';

export interface DialogProps {
  title: string;
  testId: string;
  onClose(): void;
  children: ReactNode;
}

/** A modal dialog of the workstation: dark panel over a dimmed screen, closed with ✕ or Escape. */
export function Dialog({ title, testId, onClose, children }: DialogProps) {
  // A modal takes the focus, so that Escape closes it however it was opened (a key, a button).
  const backdrop = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!backdrop.current?.contains(document.activeElement)) backdrop.current?.focus();
  }, []);
  return (
    <div ref={backdrop} tabIndex={-1} className="dialog-backdrop" role="dialog" aria-modal="true" aria-label={title} data-testid={testId} onKeyDown={(e) => e.key === 'Escape' && onClose()}>
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
