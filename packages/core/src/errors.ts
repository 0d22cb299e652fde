import { CodePiperError, type ErrorCode } from '@codepiper/protocol';

/** Every error core raises on purpose; `code` is the protocol's stable error code. */
export class CoreError extends CodePiperError {
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'CoreError';
  }
}
