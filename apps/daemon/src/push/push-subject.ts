/**
 * Checks a VAPID subject (`--push-subject`): RFC 8292 wants a `mailto:` or `https:` URI the push
 * service can use to contact the sender. Returns the reason it is refused, or undefined when valid.
 */
export function pushSubjectProblem(subject: string): string | undefined {
  if (subject.startsWith('mailto:')) {
    const address = subject.slice('mailto:'.length);
    if (!/^[^\s@<>(),;:"]+@[A-Za-z0-9.-]+$/.test(address) || address.endsWith('.')) {
      return 'a mailto: subject needs one e-mail address, e.g. mailto:you@example.com';
    }
    return undefined;
  }
  if (subject.startsWith('https:')) {
    let url: URL;
    try {
      url = new URL(subject);
    } catch {
      return 'an https: subject must be a URL, e.g. https://example.com';
    }
    if (url.hostname === '' || url.username !== '' || url.password !== '') return 'an https: subject must be a URL with a host and no credentials';
    return undefined;
  }
  return 'the push subject must be a mailto: address or an https: URL (RFC 8292)';
}

/**
 * Hosts Apple's push service is known to refuse in a subject (403 BadJwtToken) while FCM and Mozilla
 * accept them: the owner should configure a real contact before pushing to iPhones and Safari.
 */
export function isPlaceholderSubject(subject: string): boolean {
  const host = subject.startsWith('mailto:') ? subject.slice(subject.lastIndexOf('@') + 1) : safeHost(subject);
  const lower = host.toLowerCase();
  return lower === 'localhost' || lower.endsWith('.localhost') || lower.endsWith('.local') || lower.endsWith('.invalid') || lower.endsWith('.example') || !lower.includes('.');
}

function safeHost(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}
