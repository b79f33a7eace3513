import pkg from '../../../package.json' with { type: 'json' };

export const LIGHTBOX_VERSION: string = pkg.version;
