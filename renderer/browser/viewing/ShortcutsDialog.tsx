import { Dialog } from '../shell/Dialog';
import { VIEWER_SHORTCUTS } from './viewerShortcuts';

/** The viewer's keyboard map ("?"). */
export function ShortcutsDialog({ onClose }: { onClose(): void }) {
  return (
    <Dialog title="Keyboard shortcuts" testId="shortcuts-dialog" onClose={onClose}>
      <table className="study-table shortcuts">
        <tbody>
          {VIEWER_SHORTCUTS.map((s) => (
            <tr key={`${s.keys}|${s.action}`}>
              <td>
                <kbd>{s.keys}</kbd>
              </td>
              <td>{s.action}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Dialog>
  );
}
