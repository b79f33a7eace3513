/** A credential as stored in the settings file: sealed by the OS where the desktop app can, else plain (the file is 0600). */
export type SealedSecret = { scheme: 'plain'; value: string } | { scheme: 'os'; value: string };

/**
 * Seals and opens credentials. Inside Electron this is `safeStorage` (Keychain, DPAPI, libsecret);
 * the CLI and browser mode have no such store and keep them plain in the owner-only settings file.
 */
export interface SecretBox {
  readonly scheme: SealedSecret['scheme'];
  seal(plain: string): SealedSecret;
  /** Throws, saying why, when this process cannot open it (an OS-sealed secret in the CLI). */
  open(sealed: SealedSecret): string;
}

export const plainSecretBox: SecretBox = {
  scheme: 'plain',
  seal: (plain) => ({ scheme: 'plain', value: plain }),
  open(sealed) {
    if (sealed.scheme === 'plain') return sealed.value;
    throw new Error('this credential was sealed by the desktop app with the OS keychain and can only be used there; set it again here with `lightbox nodes add … --authorization`');
  },
};
