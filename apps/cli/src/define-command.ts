import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import type { GlobalArgs } from './context.js';

export interface CommandDefinition<A> {
  command: string;
  aliases?: readonly string[];
  /** `false` hides the command from help (yargs' convention). */
  describe: string | false;
  builder: (yargs: Argv<GlobalArgs>) => Argv<unknown>;
  handler: (argv: ArgumentsCamelCase<A & GlobalArgs>) => Promise<void>;
}

/**
 * A command with its parsed-argument type declared once. yargs' typings derive argument types from
 * the builder chain with kebab-case keys, which never line up with the camel-case interface a
 * handler wants; this is the single place that bridges the two.
 */
export function defineCommand<A>(definition: CommandDefinition<A>): CommandModule<GlobalArgs, A & GlobalArgs> {
  return definition as unknown as CommandModule<GlobalArgs, A & GlobalArgs>;
}
