import { defineConfig } from 'drizzle-kit';

// `pnpm db:generate --name <change>` after editing the schema; the SQL it writes is committed and
// applied by openDatabase() at daemon start.
export default defineConfig({
  dialect: 'sqlite',
  schema: './src/storage/schema.ts',
  out: './drizzle',
});
