import { execFileSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Certificate {
  certPath: string;
  keyPath: string;
}

/**
 * A self-signed certificate for this test run only, valid for `names` and `ips`: what an owner puts
 * in front of the daemon on a home network, and what NODE_EXTRA_CA_CERTS tells the CLI to trust.
 */
export function makeSelfSignedCert(dir: string, names: readonly string[], ips: readonly string[]): Certificate {
  const certPath = join(dir, 'cert.pem');
  const keyPath = join(dir, 'key.pem');
  const altNames = [...names.map((n) => `DNS:${n}`), ...ips.map((ip) => `IP:${ip}`)].join(',');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-subj', `/CN=${names[0] ?? ips[0]}`, '-addext', `subjectAltName=${altNames}`,
    '-keyout', keyPath, '-out', certPath,
  ], { stdio: 'ignore' });
  return { certPath, keyPath };
}

/**
 * The certificate's public key fingerprint as Chromium's `--ignore-certificate-errors-spki-list`
 * takes it: with it Chromium treats the certificate as trusted, as it would one from a real CA. (A
 * context's ignoreHTTPSErrors alone is not enough: Chromium still refuses to register a service worker
 * from a site whose certificate it does not trust.)
 */
export function spkiFingerprint(cert: Certificate): string {
  const spki = new X509Certificate(readFileSync(cert.certPath)).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64');
}
