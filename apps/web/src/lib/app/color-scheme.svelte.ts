/** Whether the system asks for a dark theme, following changes while the page is open. */
class ColorScheme {
  dark = $state(false);
  private started = false;

  start(): void {
    if (this.started) return;
    this.started = true;
    const query = window.matchMedia('(prefers-color-scheme: dark)');
    this.dark = query.matches;
    query.addEventListener('change', (event) => (this.dark = event.matches));
  }
}

export const colorScheme = new ColorScheme();
