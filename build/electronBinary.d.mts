/** The installed `electron` package folder, or undefined. */
export function electronPackageDir(): string | undefined;
/** Absolute path of the Electron executable, or undefined when it is not downloaded. */
export function findElectronBinary(): string | undefined;
