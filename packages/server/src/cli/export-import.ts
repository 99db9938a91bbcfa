import { readFile, writeFile } from 'node:fs/promises';
import { ExportDocumentSchema, type ExportDocument } from '@kdi-status/sdk/export';
import { parse } from './args.js';
import { command, options } from './command.js';
import { DATABASE_HELP, DATABASE_OPTIONS, withStore } from './database.js';
import { human } from './output.js';

/** How much a document holds, for the messages. */
function counts(doc: ExportDocument) {
  return {
    vendors: doc.vendors.length,
    components: doc.components.length,
    incidents: doc.incidents.length,
    maintenances: doc.maintenances.length,
    content: doc.content.length,
    keys: doc.keys.length,
    events: doc.events.length,
  };
}

const describeCounts = (doc: ExportDocument) =>
  Object.entries(counts(doc))
    .map(([what, n]) => `${n} ${what}`)
    .join(', ');

/** The export file or import input is unusable: said once, clearly, exit 1. */
class ExportFileError extends Error {}

/**
 * Reads and checks an export document, naming what is wrong with it (at most ten places).
 *
 * @example
 * const doc = parseExportDocument(await readFile('backup.json', 'utf8'), 'backup.json');
 */
export function parseExportDocument(text: string, file: string): ExportDocument {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ExportFileError(`${file} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = ExportDocumentSchema.safeParse(data);
  // The events are loaded as they are in the file, only checked by the schema: parsing rebuilds
  // each object in the schema's key order, and the chain's hashes are over the text the writer
  // made (docs/adr/0021-tamper-evident-log.md). JSON.parse then JSON.stringify gives that text back.
  if (parsed.success) return { ...parsed.data, events: (data as Pick<ExportDocument, 'events'>).events };
  const issues = parsed.error.issues;
  const shown = issues.slice(0, 10).map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  const more = issues.length > shown.length ? `; and ${issues.length - shown.length} more` : '';
  throw new ExportFileError(`${file} is not a kdi-status export (version 1): ${shown.join('; ')}${more}`);
}

/**
 * `kdi-status export [--out <file>]`: the whole state (keys hashed, event log included) as one
 * JSON document, to stdout or a file; straight from the database, like `serve`.
 *
 * @example
 * await exportCommand.run(['--out', 'backup.json'], processIo());
 */
export const exportCommand = command({
  name: 'export',
  summary: 'Write the whole state as one JSON document (backup, move between stores)',
  usage: `Usage: kdi-status export [--out <file>]

Write the whole state of the database as one JSON document: vendors, components, incidents,
maintenance, content, API keys (hashed, never the secrets) and the event log with its hashes and
signed checkpoints (never the signing key). Import it into an
empty database with "kdi-status import".

${options(
  [['--out <file>', 'Write to this file (created readable by you only) instead of stdout.'], ...DATABASE_HELP],
  'With --out: print what was written as JSON.',
)}`,
  async action(args, io, out) {
    const { values } = parse(args, { ...DATABASE_OPTIONS, out: { type: 'string' } });
    const doc = await withStore(values, io, (store) => store.exportState(io.now().toISOString()));
    const text = `${JSON.stringify(doc, null, 2)}\n`;
    if (values.out === undefined) {
      io.stdout.write(text);
      return;
    }
    await writeFile(values.out, text, { mode: 0o600 });
    out.result(human`Exported ${describeCounts(doc)} to ${values.out}.`, { file: values.out, exportedAt: doc.exportedAt, ...counts(doc) });
  },
});

/**
 * `kdi-status import <file>`: loads an export into an empty database; checks the file first.
 *
 * @example
 * await importCommand.run(['backup.json', '--database', 'sqlite:./new.db'], processIo());
 */
export const importCommand = command({
  name: 'import',
  summary: 'Load an export into an empty database',
  usage: `Usage: kdi-status import <file>

Load a document written by "kdi-status export" into an empty database: the same state, keys
and event log (with its sequence numbers and hashes, and the signed checkpoints). The chain is
checked while loading: a document whose chain is broken is refused, naming the sequence number.
An export made before the chain gets its hashes computed. A database that already holds data is
refused.

${options([...DATABASE_HELP], 'Print what was imported as JSON.')}`,
  async action(args, io, out) {
    const { values, positionals } = parse(args, DATABASE_OPTIONS, ['file']);
    const file = positionals[0]!;
    let text;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw new ExportFileError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
    const doc = parseExportDocument(text, file);
    await withStore(values, io, (store) => store.importState(doc));
    out.result(human`Imported ${describeCounts(doc)} from ${file}.`, { file, exportedAt: doc.exportedAt, ...counts(doc) });
  },
});
