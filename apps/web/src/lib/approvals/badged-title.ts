const COUNT_PREFIX = /^\(\d+\)\s/;

/** A page title with the number of pending approvals in front, "(2) Sessions · CodePiper", as tabs show it. */
export function badgedTitle(title: string, pending: number): string {
  const plain = title.replace(COUNT_PREFIX, '');
  return pending > 0 ? `(${pending}) ${plain}` : plain;
}
