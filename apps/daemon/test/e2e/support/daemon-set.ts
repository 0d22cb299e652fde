import { destroyHome, makeHome, startDaemonProcess, type DaemonProcess, type DaemonProcessOptions } from './daemon-process.js';
import { setUpOwner, type Owner } from './owner.js';

/**
 * The daemons one test file starts, each in its own home, all destroyed (daemon, pty host, folder) by
 * destroyAll() in afterAll. Attacks that leave state behind (a locked-out address, a used TOTP step)
 * get a daemon of their own instead of ordering tests around each other.
 */
export class DaemonSet {
  private readonly started: Array<{ home: string; daemon?: DaemonProcess | undefined }> = [];

  /** A fresh home, destroyed with the rest. */
  async home(): Promise<string> {
    const home = await makeHome();
    this.started.push({ home });
    return home;
  }

  async start(options: DaemonProcessOptions = { web: true }, home?: string): Promise<DaemonProcess> {
    const entry = this.started.find((e) => e.home === home) ?? { home: home ?? (await makeHome()) };
    if (!this.started.includes(entry)) this.started.push(entry);
    entry.daemon = await startDaemonProcess(entry.home, options);
    return entry.daemon;
  }

  /** A daemon with --web whose owner is set up (with `setupHeaders` on the setup requests). */
  async startOwned(options: DaemonProcessOptions = {}, setupHeaders: Record<string, string> = {}): Promise<{ daemon: DaemonProcess; owner: Owner }> {
    const daemon = await this.start({ ...options, web: true });
    return { daemon, owner: await setUpOwner(daemon, setupHeaders) };
  }

  async destroyAll(): Promise<void> {
    // In parallel: each pty host takes about a second to wind down after SIGTERM.
    await Promise.all(this.started.splice(0).map((entry) => destroyHome(entry.home, entry.daemon)));
  }
}
