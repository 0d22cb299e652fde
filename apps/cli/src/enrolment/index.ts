export { confirmWithCode, type CodeConfirmation } from './code-confirmation.js';
export { obtainNewPassword, type PasswordSources } from './new-password.js';
export { renderQrCode } from './qr-code.js';
