import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { checkWebhookUrl, isPrivateAddress, publicOnlyLookup } from './url-guard.js';

const PRIVATE = 'must not point to a private, loopback or link-local address';

describe('checkWebhookUrl', () => {
  const refusedAddresses: Array<[url: string, address: string]> = [
    ['https://127.0.0.1/hook', '127.0.0.1'],
    ['https://127.1.2.3/', '127.1.2.3'],
    ['https://2130706433/', '127.0.0.1'], // decimal
    ['https://0x7f.1/', '127.0.0.1'], // hex and short
    ['https://0177.0.0.1/', '127.0.0.1'], // octal
    ['https://127.1/', '127.0.0.1'],
    ['https://0.0.0.0/', '0.0.0.0'],
    ['https://0/', '0.0.0.0'],
    ['https://0.1.2.3/', '0.1.2.3'],
    ['https://10.20.30.40/', '10.20.30.40'],
    ['https://172.16.0.1/', '172.16.0.1'],
    ['https://172.31.255.255/', '172.31.255.255'],
    ['https://192.168.1.1/', '192.168.1.1'],
    ['https://169.254.169.254/latest/meta-data', '169.254.169.254'],
    ['https://100.64.0.1/', '100.64.0.1'],
    ['https://100.127.255.254/', '100.127.255.254'],
    ['https://224.0.0.251/', '224.0.0.251'],
    ['https://239.255.255.250/', '239.255.255.250'],
    ['https://255.255.255.255/', '255.255.255.255'],
    ['https://240.0.0.1/', '240.0.0.1'],
    ['https://[::1]/', '::1'],
    ['https://[::]/', '::'],
    ['https://[fe80::1]/', 'fe80::1'],
    ['https://[febf::1]/', 'febf::1'],
    ['https://[fc00::1]/', 'fc00::1'],
    ['https://[fd12:3456:789a::1]/', 'fd12:3456:789a::1'],
    ['https://[ff02::1]/', 'ff02::1'],
    ['https://[::ffff:127.0.0.1]/', '::ffff:7f00:1'], // IPv4-mapped, as WHATWG URL writes it
    ['https://[::ffff:a9fe:a9fe]/', '::ffff:a9fe:a9fe'], // 169.254.169.254
    ['https://[::ffff:10.0.0.1]/', '::ffff:a00:1'],
    ['https://[64:ff9b::a9fe:a9fe]/', '64:ff9b::a9fe:a9fe'], // 169.254.169.254 through a NAT64 gateway
    ['https://[2002:7f00:1::]/', '2002:7f00:1::'], // 6to4 of 127.0.0.1
    ['https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/', '2001:0:4136:e378:8000:63bf:3fff:fdd2'], // Teredo
    ['https://[::ffff:192.168.0.1]/', '::ffff:c0a8:1'],
    ['https://[::127.0.0.1]/', '::7f00:1'], // IPv4-compatible
  ];
  for (const [url, address] of refusedAddresses)
    it(`refuses ${url}`, async () => {
      assert.equal(await checkWebhookUrl(url, { allowPrivate: false }), `${PRIVATE} (${address})`);
    });

  it('refuses a hostname that resolves to a loopback address (localhost)', async () => {
    const reason = await checkWebhookUrl('https://localhost/hook', { allowPrivate: false });
    assert.equal(
      reason,
      'must be a host name that resolves to public internet addresses only',
      'one answer for a name, whatever it resolves to',
    );
  });

  it('refuses a hostname when any one of its addresses is private', async () => {
    const resolve = async () => [{ address: '93.184.215.14' }, { address: '10.0.0.7' }];
    assert.equal(
      await checkWebhookUrl('https://hooks.example.com/', { allowPrivate: false, resolve }),
      'must be a host name that resolves to public internet addresses only',
    );
  });

  it('accepts public addresses and names that resolve only to them', async () => {
    for (const url of [
      'https://93.184.215.14/hook',
      'https://1.1.1.1:8443/x?y=1',
      'https://[2606:4700:4700::1111]/',
      'https://[::ffff:5db8:d70e]/',
    ])
      assert.equal(await checkWebhookUrl(url, { allowPrivate: false }), undefined, url);
    const resolve = async () => [{ address: '93.184.215.14' }, { address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c' }];
    assert.equal(await checkWebhookUrl('https://hooks.example.com/kdi', { allowPrivate: false, resolve }), undefined);
  });

  it('refuses what is not an https URL, a URL with a user name or password, and a host that does not resolve (the same answer as a private one: nothing about internal names is told)', async () => {
    const check = (url: string) => checkWebhookUrl(url, { allowPrivate: false });
    assert.equal(await check('not a url'), 'must be an absolute URL');
    assert.equal(await check('http://93.184.215.14/'), 'must be an https URL');
    assert.equal(await check('http://2130706433/'), 'must be an https URL');
    assert.equal(await check('ftp://93.184.215.14/'), 'must be an https URL');
    assert.equal(await check('https://user:secret@93.184.215.14/'), 'must not carry a user name or password');
    assert.equal(await check('https://user@93.184.215.14/'), 'must not carry a user name or password');
    assert.equal(await check('https://hooks.example.invalid/'), 'must be a host name that resolves to public internet addresses only');
  });

  it('with allowPrivate lets http and private addresses through, and still refuses the rest', async () => {
    const check = (url: string) => checkWebhookUrl(url, { allowPrivate: true });
    for (const url of ['http://127.0.0.1:8080/hook', 'http://localhost/', 'https://10.0.0.1/', 'http://[::1]:3000/'])
      assert.equal(await check(url), undefined, url);
    assert.equal(await check('ftp://127.0.0.1/'), 'must be an http or https URL');
    assert.equal(await check('http://user:secret@127.0.0.1/'), 'must not carry a user name or password');
    assert.equal(await check('http://hooks.example.invalid/'), 'must be a host name that resolves to public internet addresses only');
  });
});

describe('isPrivateAddress', () => {
  it('knows the ranges at their edges', () => {
    const table: Array<[string, boolean]> = [
      ['9.255.255.255', false],
      ['10.0.0.0', true],
      ['11.0.0.0', false],
      ['100.63.255.255', false],
      ['100.128.0.0', false],
      ['172.15.255.255', false],
      ['172.32.0.0', false],
      ['169.253.255.255', false],
      ['223.255.255.255', false],
      ['8.8.8.8', false],
      ['::ffff:8.8.8.8', false],
      ['2001:4860:4860::8888', false],
      ['fbff:ffff::1', false],
      ['fe7f::1', false],
      ['not-an-address', true],
    ];
    for (const [address, expected] of table) assert.equal(isPrivateAddress(address), expected, address);
  });
});

describe('publicOnlyLookup', () => {
  let server: Server;
  let port: number;
  let requests = 0;
  before(async () => {
    server = createServer((_req, res) => {
      requests += 1;
      res.end('ok');
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    port = (server.address() as AddressInfo).port;
  });
  after(() => server.close());

  it('fails the connection to a name that resolves to a private address: the request never arrives', async () => {
    const req = request(`http://localhost:${port}/`, { lookup: publicOnlyLookup, agent: false });
    req.end();
    const [error] = (await once(req, 'error')) as [NodeJS.ErrnoException];
    assert.equal(error.code, 'EPRIVATEADDRESS');
    assert.match(error.message, /^localhost resolves to a private address \((127\.0\.0\.1|::1)\) at connect time$/);
    assert.equal(requests, 0, 'the receiver got nothing');
  });

  it('answers a public address as dns.lookup does, one or all', async () => {
    const one = await new Promise((resolve, reject) =>
      publicOnlyLookup('93.184.215.14', {}, (error, address, family) => (error ? reject(error) : resolve([address, family]))),
    );
    assert.deepEqual(one, ['93.184.215.14', 4]);
    const all = await new Promise((resolve, reject) =>
      publicOnlyLookup('93.184.215.14', { all: true }, (error, address) => (error ? reject(error) : resolve(address))),
    );
    assert.deepEqual(all, [{ address: '93.184.215.14', family: 4 }]);
  });
});
