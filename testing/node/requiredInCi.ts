/**
 * For `describe.skipIf(...)`: true when something a suite needs (a shared sample, a peer tool such
 * as Orthanc or dcmtk, root for tmpfs mounts) is missing on this machine, so the suite skips with
 * its reason — except under `CI=true`, where `.ci/run` provides all of them: there a missing one
 * fails the suite instead, so a broken install step never passes as a green run.
 */
export function missingHere(available: boolean, what: string): boolean {
  if (available) return false;
  if (process.env.CI === 'true') throw new Error(`${what} is missing and CI=true: this suite must run in CI (install or provide it in .ci/run)`);
  console.log(`[skipped] ${what} is missing here`);
  return true;
}
