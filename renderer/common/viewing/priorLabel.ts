/** DICOM DA (YYYYMMDD) to a UTC day number; undefined when it is not a date. */
function dayOf(da: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(da.trim());
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 86_400_000 : undefined;
}

/**
 * How a prior is marked on every viewport that shows it: "PRIOR 2025-11-18 · 1 y 2 d before"
 * (it was marked by nothing but the date in its overlay). Undefined for the current study.
 */
export function priorLabel(studyDate: string, currentDate: string, isPrior: boolean): string | undefined {
  if (!isPrior) return undefined;
  const shown = /^\d{8}$/.test(studyDate) ? `${studyDate.slice(0, 4)}-${studyDate.slice(4, 6)}-${studyDate.slice(6)}` : 'date unknown';
  const [a, b] = [dayOf(studyDate), dayOf(currentDate)];
  if (a === undefined || b === undefined) return `PRIOR ${shown}`;
  const days = b - a;
  const interval = Math.abs(days) >= 365 ? `${Math.floor(Math.abs(days) / 365)} y ${Math.abs(days) % 365} d` : `${Math.abs(days)} d`;
  return `PRIOR ${shown} · ${interval} ${days >= 0 ? 'before' : 'after'}`;
}
