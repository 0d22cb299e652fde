import { VIEWER_MIN_SCALE } from '../constants';

export interface Box {
  width: number;
  height: number;
}

/**
 * A viewer draws the pty at the pty's own size (reflowing it to ours would garble every full-screen
 * program) and shrinks the drawing to fit its box, never enlarging it and never below the readable
 * minimum; past that the box scrolls. The answer is a factor for the font size.
 */
export function viewerScale(box: Box, natural: Box, minScale = VIEWER_MIN_SCALE): number {
  if (natural.width <= 0 || natural.height <= 0) return 1;
  const fit = Math.min(1, box.width / natural.width, box.height / natural.height);
  return Math.max(minScale, Math.floor(fit * 1000) / 1000);
}
