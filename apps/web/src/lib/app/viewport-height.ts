/**
 * Keeps `--app-height` equal to the visible viewport, so the session view (terminal, key strip, input
 * bar) shrinks above a phone's soft keyboard instead of being covered by it. iOS Safari does not resize
 * the layout viewport for the keyboard; visualViewport tells the real visible height there. Returns a
 * function that stops listening.
 */
export function trackViewportHeight(root: HTMLElement = document.documentElement): () => void {
  const viewport = window.visualViewport;
  if (!viewport) return () => undefined;
  let frame = 0;
  const update = () => {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(() => {
      root.style.setProperty('--app-height', `${Math.round(viewport.height)}px`);
      // iOS scrolls the page up when the keyboard opens; keep the fixed layout in the visible part.
      root.style.setProperty('--app-offset-top', `${Math.round(viewport.offsetTop)}px`);
    });
  };
  update();
  viewport.addEventListener('resize', update);
  viewport.addEventListener('scroll', update);
  return () => {
    cancelAnimationFrame(frame);
    viewport.removeEventListener('resize', update);
    viewport.removeEventListener('scroll', update);
  };
}
