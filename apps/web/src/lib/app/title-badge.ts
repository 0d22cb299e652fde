import { badgedTitle } from '../approvals';

/**
 * Keeps the pending-approval count in front of the tab's title, whatever title the current page sets,
 * so a tab in the background shows "(2) …". Returns the count setter and the stop function.
 */
export function trackTitleBadge(): { set(count: number): void; stop(): void } {
  let count = 0;
  const apply = (): void => {
    const next = badgedTitle(document.title, count);
    // Writing the title is itself a mutation: equal titles end the loop.
    if (next !== document.title) document.title = next;
  };
  const observer = new MutationObserver(apply);
  observer.observe(document.head, { subtree: true, childList: true, characterData: true });
  return {
    set(next: number): void {
      count = next;
      apply();
    },
    stop(): void {
      observer.disconnect();
      count = 0;
      apply();
    },
  };
}
