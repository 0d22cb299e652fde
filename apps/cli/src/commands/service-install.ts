import { localCommandContext } from '../context.js';
import { defineCommand } from '../define-command.js';
import { entryPath } from '../entry-path.js';
import { printLine } from '../format/index.js';
import { daemonFlagsOf, daemonSettingsOf, givenSettings, withDaemonSettingOptions, type DaemonSettingArgs } from '../settings/index.js';
import { installService, renderService } from '../service/index.js';
import { serviceContext } from './service-context.js';

interface ServiceInstallArgs extends DaemonSettingArgs {
  dryRun: boolean;
  start: boolean;
}

export const serviceInstallCommand = defineCommand<ServiceInstallArgs>({
  command: 'install',
  describe: 'Install the service running "codepiper daemon --web" with the flags given here (settings are better kept in config.json), enable it and start it',
  builder: (yargs) =>
    withDaemonSettingOptions(yargs)
      .option('dry-run', { type: 'boolean', default: false, describe: 'print the unit (or plist) instead of installing it' })
      .option('start', { type: 'boolean', default: true, describe: 'enable and start it now (--no-start: only write the file and print the commands)' }),
  handler: async (argv) => {
    const ctx = localCommandContext(argv, 'service install');
    // The same checks the daemon will make at start: a bad flag, variable or config.json fails here.
    daemonSettingsOf(ctx.home, argv);
    const given = givenSettings(argv);
    const args = ['daemon', ...daemonFlagsOf({ ...given, web: given.web ?? true })];
    const service = serviceContext(ctx, { nodePath: process.execPath, cliPath: entryPath(), args });
    if (argv.dryRun) {
      process.stdout.write(renderService(service));
      return;
    }
    await installService({ ...service, print: printLine }, { start: argv.start });
  },
});
