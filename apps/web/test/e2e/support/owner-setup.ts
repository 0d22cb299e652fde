import type { Page } from './browser';
import { TotpSource } from './totp';

/**
 * First-run owner setup in the browser, as the owner does it: the daemon's setup code, a password
 * typed twice, then the authenticator code for the secret the page shows. Leaves `page` logged in on
 * the session list, and returns the authenticator for later logins.
 */
export async function setUpOwnerInBrowser(page: Page, daemon: { origin: string; setupCode?: string }, password: string): Promise<TotpSource> {
  await page.goto(`${daemon.origin}/`);
  await page.waitForURL('**/setup');
  await page.getByLabel('Setup code').fill(daemon.setupCode!);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByLabel('Password again').fill(password);
  await page.getByRole('button', { name: 'Continue' }).click();
  const secret = (await page.getByTestId('totp-secret').textContent())!.replace(/\s+/g, '');
  const totp = new TotpSource(secret);
  await page.getByLabel('Authenticator code').fill(await totp.next());
  await page.getByRole('button', { name: 'Finish setup' }).click();
  await page.waitForURL(`${daemon.origin}/`);
  return totp;
}
