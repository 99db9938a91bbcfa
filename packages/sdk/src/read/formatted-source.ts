import { format, resolveConfig } from 'prettier';
import { generatedSource } from './compile-lean-schema.js';
import { readSchemas } from './read-schemas.js';

/**
 * read-schemas.generated.ts as the generator writes it: compiled from {@link readSchemas} and
 * formatted as the repository's prettier config says (so `prettier --check` passes on it).
 * Build time only.
 *
 * @example
 * assert.equal(readFileSync(path, 'utf8'), await formattedSource(path));
 */
export async function formattedSource(path: string): Promise<string> {
  return format(generatedSource(readSchemas), { ...(await resolveConfig(path)), filepath: path });
}
