import { commandContext } from '../context.js';
import { defineCommand } from '../define-command.js';
import { UsageError } from '../errors.js';
import { printJson } from '../format/index.js';
import { JSON_OPTION, REF_POSITIONAL } from '../options.js';

interface KeysArgs {
  ref: string;
  key: string[];
  json: boolean;
}

export const keysCommand = defineCommand<KeysArgs>({
  command: 'keys <ref> <key..>',
  describe: 'Press named keys in a session (enter, esc, tab, up, ctrl+c, alt+b, f5, …)',
  builder: (yargs) =>
    yargs
      .positional('ref', REF_POSITIONAL)
      .positional('key', { type: 'string', array: true, describe: 'key names, pressed in order' })
      .option('json', JSON_OPTION)
      .example('$0 keys api ctrl+c', 'interrupt the running program')
      .example('$0 keys api esc down down enter', 'pick the third entry of a menu'),
  handler: async (argv) => {
    const { KEY_NAMES, keysToSequence } = await import('@codepiper/protocol');
    const keys = argv.key.map(String);
    const checked = keysToSequence(keys);
    if (!checked.ok) throw new UsageError(`unknown key name "${checked.unknown}"; valid names: ${KEY_NAMES.join(', ')}`);
    const result = await commandContext(argv).client.input(argv.ref, { keys });
    if (argv.json) printJson(result);
  },
});
