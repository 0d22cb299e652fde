export { runCommand, type CommandResult, type CommandRunner } from './command-runner.js';
export { LAUNCHD_LABEL, newsyslogLine, renderLaunchdPlist } from './launchd-plist.js';
export { installService, renderService, serviceStatus, uninstallService, type ServiceContext, type ServiceStatus } from './service-manager.js';
export { serviceFilePath, servicePlatform, type ServicePlatform } from './service-paths.js';
export { renderSystemdUnit, systemdQuote, SYSTEMD_UNIT_NAME, type ServiceSpec } from './systemd-unit.js';
