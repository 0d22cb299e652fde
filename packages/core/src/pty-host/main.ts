/**
 * The pty host process: `node main.js <CODEPIPER_HOME>` (else $CODEPIPER_HOME, else ~/.codepiper).
 * Spawned detached by PtyHostClient.connect({ spawn: true }) with stdout/stderr appended to
 * `logs/ptyhost.log`; outlives the daemon that spawned it.
 */
import { ensureHome, resolveHome } from '../home.js';
import { tuneHeapGrowth } from '../tune-heap-growth.js';
import { PtyHostServer } from './pty-host-server.js';

function log(message: string): void {
  console.error(`${new Date().toISOString()} pty-host[${process.pid}] ${message}`);
}

async function main(): Promise<void> {
  tuneHeapGrowth();
  const arg = process.argv[2];
  const home = arg && arg.length > 0 ? resolveHome({ CODEPIPER_HOME: arg }) : resolveHome();
  await ensureHome(home);
  // Do not pin the folder the daemon happened to be started from.
  process.chdir(home);
  process.title = 'codepiper-pty-host';

  const host = new PtyHostServer({ home, log, onStopped: () => process.exit(0) });

  // Detached from any terminal already; a stray SIGHUP must not end every session.
  process.on('SIGHUP', () => log('ignoring SIGHUP'));
  const onTerm = (signal: string): void => {
    host.shutdown(signal).then(
      () => host.stop(),
      () => host.stop(),
    );
  };
  process.on('SIGTERM', () => onTerm('SIGTERM'));
  process.on('SIGINT', () => onTerm('SIGINT'));
  // A bug in one request must not end every session: log it and keep serving.
  process.on('uncaughtException', (err) => log(`uncaught exception: ${err.stack ?? err}`));
  process.on('unhandledRejection', (err) => log(`unhandled rejection: ${(err as Error)?.stack ?? err}`));

  if (!(await host.listen())) {
    log('another pty host already answers on the socket: exiting');
    process.exit(0);
  }
}

main().catch((err) => {
  log(`failed to start: ${(err as Error)?.stack ?? err}`);
  process.exit(1);
});
