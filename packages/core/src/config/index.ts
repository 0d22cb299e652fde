/** The owner's `$CODEPIPER_HOME/config.json`. */
export { CONFIG_FILE_NAME, ConfigFileSchema, ModelPriceSchema, loadConfigFile, type ConfigFile } from './config-file.js';
