/**
 * The otpauth:// URI as a QR code drawn with block characters, two modules per character cell so it
 * fits an 80×24 terminal. The `qrcode` package is loaded only here: no other command pays for it.
 */
export async function renderQrCode(uri: string): Promise<string> {
  const { default: QRCode } = await import('qrcode');
  return QRCode.toString(uri, { type: 'terminal', small: true });
}
