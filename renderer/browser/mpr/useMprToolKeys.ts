import { useEffect } from 'react';
import type { MprTool } from './MprPlaneCell';
import { mprToolForKey } from './MprToolbar';

/** The MPR tools' keys, anywhere in the window but a text field or a list. */
export function useMprToolKeys(setTool: (tool: MprTool) => void): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target && (target.tagName === 'INPUT' || target.tagName === 'SELECT')) return;
      const t = mprToolForKey(e.key);
      if (t) setTool(t);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
