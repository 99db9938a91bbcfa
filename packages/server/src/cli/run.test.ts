import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { captureIo } from './io.js';
import { run } from './run.js';

describe('kdi-status (dispatch, help, exit codes)', () => {
  const cli = async (argv: string[]) => {
    const io = captureIo();
    const code = await run(argv, io);
    return { code, out: io.out(), err: io.err() };
  };

  it('lists every command on --help (exit 0) and with no command (exit 2, on stderr)', async () => {
    const help = await cli(['--help']);
    assert.equal(help.code, 0);
    for (const name of ['serve', 'keys', 'incident', 'maintenance', 'component', 'export', 'import']) {
      assert.match(help.out, new RegExp(`^  ${name} +\\S`, 'm'));
    }
    const none = await cli([]);
    assert.equal(none.code, 2);
    assert.equal(none.err, help.out);
  });

  it('exits 2 on an unknown command or subcommand, naming it', async () => {
    const unknown = await cli(['frobnicate']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /^kdi-status: unknown command "frobnicate"\./);
    const sub = await cli(['incident', 'close']);
    assert.equal(sub.code, 2);
    assert.match(sub.err, /^kdi-status incident: unknown command "close"\.\n\nUsage: kdi-status incident <command>/);
    assert.equal((await cli(['keys'])).code, 2);
    assert.equal((await cli(['keys', 'toString'])).code, 2, 'not an inherited property');
  });

  it('has --help on every command, listing --json', async () => {
    const commands = [
      ['serve'],
      ['keys', 'create'],
      ['keys', 'list'],
      ['keys', 'revoke'],
      ['incident', 'open'],
      ['incident', 'update'],
      ['incident', 'resolve'],
      ['incident', 'list'],
      ['maintenance', 'schedule'],
      ['maintenance', 'cancel'],
      ['maintenance', 'list'],
      ['component', 'status'],
      ['export'],
      ['import'],
    ];
    for (const command of commands) {
      const { code, out } = await cli([...command, '--help']);
      assert.equal(code, 0, command.join(' '));
      assert.ok(out.startsWith(`Usage: kdi-status ${command.join(' ')}`), out);
      assert.match(out, /^ {2}--json +\S/m);
    }
    assert.match((await cli(['incident', '--help'])).out, /^ {2}open +Open an incident$/m);
  });

  it('refuses an unknown option of serve as a usage error, before starting anything', async () => {
    const { code, err } = await cli(['serve', '--port', '80']);
    assert.equal(code, 2);
    assert.match(err, /^kdi-status serve: Unknown option '--port'/);
  });
});
