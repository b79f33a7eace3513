/** The study browser's date filter: all dates, a preset counted back from today, or a range the reader gives. */
export type DatePreset = 'any' | 'today' | 'yesterday' | 'last7' | 'custom';

export const DATE_PRESET_LABELS: Record<DatePreset, string> = { any: 'Any date', today: 'Today', yesterday: 'Yesterday', last7: 'Last 7 days', custom: 'Custom…' };

/** A local calendar date as DICOM DA (`YYYYMMDD`): "today" is the reading room's day, not UTC's. */
export function dicomDate(day: Date): string {
  return `${day.getFullYear()}${String(day.getMonth() + 1).padStart(2, '0')}${String(day.getDate()).padStart(2, '0')}`;
}

function daysBefore(now: Date, days: number): Date {
  // Calendar arithmetic (not 24 h steps): a daylight-saving change keeps the day right.
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() - days);
}

/** `<input type="date">` value (`YYYY-MM-DD`) → DA; '' when empty or malformed. */
export function isoToDicomDate(value: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return m ? `${m[1]}${m[2]}${m[3]}` : '';
}

/**
 * The DICOM date range (`A-B`, `A-`, `-B`) a preset stands for on the day `now`; undefined: no
 * date filter. Last 7 days is today and the six days before it. A custom range may leave either
 * end open; its ends come from date inputs (`YYYY-MM-DD`) and are swapped when given backwards.
 */
export function dateRangeOf(preset: DatePreset, now: Date, custom: { from?: string; to?: string } = {}): string | undefined {
  switch (preset) {
    case 'any':
      return undefined;
    case 'today':
      return `${dicomDate(now)}-${dicomDate(now)}`;
    case 'yesterday': {
      const day = dicomDate(daysBefore(now, 1));
      return `${day}-${day}`;
    }
    case 'last7':
      return `${dicomDate(daysBefore(now, 6))}-${dicomDate(now)}`;
    case 'custom': {
      let from = isoToDicomDate(custom.from ?? '');
      let to = isoToDicomDate(custom.to ?? '');
      if (from && to && from > to) [from, to] = [to, from];
      return from || to ? `${from}-${to}` : undefined;
    }
  }
}
